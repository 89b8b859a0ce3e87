import { ReactFlow, type Edge, type Node } from '@xyflow/react';
// Bundled by Vite into the app's CSS file: the CSP allows no inline <style>.
import '@xyflow/react/dist/style.css';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { NETWORK_MAX_NODES } from '../../../shared/api/entity.js';
import type { SignalDetail } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { Alert, Heading, Link, ListTable, Paragraph, SelectField, Td, Tr } from '../../ui/index.js';
import type { NetworkNode, SignalNetwork } from './linking.js';
import './network.css';

/** What a node is called, in tables and for screen readers. */
function nodeName(t: Translate, n: NetworkNode): string {
  return n.type === 'signal' ? `${t('linking.node.signal')} ${n.number}` : t('linking.network.entityNode', { kind: t(`linking.kind.${n.kind}`), label: n.label });
}

/**
 * Rings around the signal: each node on the ring of its distance (in edges) from the start,
 * spread evenly. Deterministic, so the picture does not jump between visits.
 */
function layout(network: SignalNetwork): Map<string, { x: number; y: number }> {
  const neighbours = new Map<string, string[]>();
  for (const e of network.edges) {
    neighbours.set(e.source, [...(neighbours.get(e.source) ?? []), e.target]);
    neighbours.set(e.target, [...(neighbours.get(e.target) ?? []), e.source]);
  }
  const level = new Map<string, number>([[network.signalId, 0]]);
  const queue = [network.signalId];
  while (queue.length) {
    const id = queue.shift()!;
    for (const next of neighbours.get(id) ?? []) {
      if (!level.has(next)) {
        level.set(next, level.get(id)! + 1);
        queue.push(next);
      }
    }
  }
  const rings = new Map<number, string[]>();
  for (const n of network.nodes) {
    const l = level.get(n.id) ?? 1;
    rings.set(l, [...(rings.get(l) ?? []), n.id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const [l, ids] of rings) {
    const radius = l * 220;
    ids.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / ids.length + l * 0.4;
      out.set(id, { x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)) });
    });
  }
  return out;
}

/** The order keyboard users move through: the signals first (nearest first), then the items. */
function keyboardOrder(network: SignalNetwork): string[] {
  return [...network.nodes.filter((n) => n.type === 'signal'), ...network.nodes.filter((n) => n.type === 'entity')].map((n) => n.id);
}

function NetworkGraph({ network }: { network: SignalNetwork }) {
  const t = useT();
  const navigate = useNavigate();
  const wrapper = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map(network.nodes.map((n) => [n.id, n])), [network]);
  const order = useMemo(() => keyboardOrder(network), [network]);
  const { nodes, edges } = useMemo(() => {
    const positions = layout(network);
    const nodes: Node[] = network.nodes.map((n) => ({
      id: n.id,
      position: positions.get(n.id) ?? { x: 0, y: 0 },
      data: { label: n.type === 'signal' ? `${n.number}\n${t(`state.${n.state}`)}` : `${t(`linking.kind.${n.kind}`)}: ${n.label}` },
      ariaLabel: n.type === 'signal' ? t('linking.network.signalNode', { number: n.number, state: t(`state.${n.state}`) }) : nodeName(t, n),
      className: n.type === 'signal' ? (n.id === network.signalId ? 'mr-node mr-node--signal mr-node--start' : 'mr-node mr-node--signal') : n.register ? 'mr-node mr-node--register' : 'mr-node mr-node--entity',
      draggable: false,
      connectable: false,
    }));
    const edges: Edge[] = network.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      className: e.type === 'link' ? 'mr-edge mr-edge--link' : 'mr-edge',
      focusable: false,
    }));
    return { nodes, edges };
  }, [network, t]);

  const focusNode = (id: string) => wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus();

  function onKeyDownCapture(event: KeyboardEvent<HTMLDivElement>) {
    const element = (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node');
    const id = element?.dataset.id;
    if (!id) return;
    const index = order.indexOf(id);
    if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'].includes(event.key)) {
      // Arrows move the focus from node to node (never the node itself).
      event.preventDefault();
      event.stopPropagation();
      const next =
        event.key === 'Home' ? 0 : event.key === 'End' ? order.length - 1 : (index + (event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : -1) + order.length) % order.length;
      focusNode(order[next]!);
    } else if (event.key === 'Enter') {
      const node = byId.get(id);
      if (node?.type === 'signal') {
        event.preventDefault();
        event.stopPropagation();
        void navigate(`/signalen/${node.id}`);
      }
    }
  }

  return (
    <div className="mr-network" ref={wrapper} onKeyDownCapture={onKeyDownCapture}>
      <ReactFlow
        aria-label={t('linking.network.graph')}
        nodes={nodes}
        edges={edges}
        fitView
        minZoom={0.2}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': t('linking.network.keyboard'), 'node.a11yDescription.keyboardDisabled': t('linking.network.keyboard') }}
        onNodeClick={(_, node) => {
          if (byId.get(node.id)?.type === 'signal') void navigate(`/signalen/${node.id}`);
        }}
      />
    </div>
  );
}

/** The same network as two tables, for screen readers and anyone who prefers a list. */
function NetworkTables({ network }: { network: SignalNetwork }) {
  const t = useT();
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const name = (id: string) => {
    const n = byId.get(id);
    return n ? nodeName(t, n) : id;
  };
  return (
    <section aria-labelledby="network-tables">
      <Heading level={2} id="network-tables">
        {t('linking.network.tables')}
      </Heading>
      <ListTable
        caption={t('linking.network.nodesCaption')}
        columns={[t('linking.col.node'), t('linking.col.nodeType'), t('linking.col.state'), t('linking.col.distance')]}
        items={network.nodes}
        row={(n) => (
          <Tr key={n.id}>
            <Td>{n.type === 'signal' ? <Link to={`/signalen/${n.id}`}>{`${t('linking.node.signal')} ${n.number}`}</Link> : n.label}</Td>
            <Td>{n.type === 'signal' ? t('linking.node.signal') : n.register ? t('linking.registerSource', { register: t(`linking.register.${n.register}`) }) : t(`linking.kind.${n.kind}`)}</Td>
            <Td>{n.type === 'signal' ? t(`state.${n.state}`) : ''}</Td>
            <Td>{n.type === 'signal' ? n.distance : ''}</Td>
          </Tr>
        )}
      />
      <ListTable
        caption={t('linking.network.edgesCaption')}
        columns={[t('linking.col.from'), t('linking.col.edgeType'), t('linking.col.to')]}
        items={network.edges}
        row={(e) => (
          <Tr key={e.id}>
            {e.type === 'member' ? (
              <>
                <Td>{name(e.target)}</Td>
                <Td>{t('linking.edge.member')}</Td>
                <Td>{name(e.source)}</Td>
              </>
            ) : (
              <>
                <Td>{name(e.source)}</Td>
                <Td>
                  {t('linking.edge.link')}
                  {e.score !== null ? ` (${Math.round(e.score * 100)}%)` : ''}
                </Td>
                <Td>{name(e.target)}</Td>
              </>
            )}
          </Tr>
        )}
      />
    </section>
  );
}

export function NetworkPage() {
  const { id = '' } = useParams();
  return <NetworkView key={id} id={id} />;
}

function NetworkView({ id }: { id: string }) {
  const t = useT();
  const [depth, setDepth] = useState('1');
  const signal = useResource<SignalDetail>(`/api/signals/${encodeURIComponent(id)}`);
  const network = useResource<SignalNetwork>(`/api/signals/${encodeURIComponent(id)}/network?depth=${depth}`);
  const number = signal.data?.number;
  return (
    <Page title={number ? t('linking.network.title', { number }) : t('linking.network.titleLoading')} intro={t('linking.network.intro')}>
      {number ? (
        <Paragraph>
          <Link to={`/signalen/${id}`}>{t('linking.network.back', { number })}</Link>
        </Paragraph>
      ) : null}
      <div className="mr-network-depth">
        <SelectField
          name="network.depth"
          label={t('linking.network.depth')}
          value={depth}
          onChange={(e) => setDepth(e.target.value)}
          options={['1', '2', '3'].map((d) => ({ value: d, label: t('linking.network.depthOption', { depth: d }) }))}
        />
      </div>
      <Loaded resource={network}>
        {(n) => (
          <>
            {n.truncated ? <Alert type="warning">{t('linking.network.truncated', { max: NETWORK_MAX_NODES })}</Alert> : null}
            <section aria-labelledby="network-graph">
              <Heading level={2} id="network-graph">
                {t('linking.network.graph')}
              </Heading>
              <Paragraph id="network-keyboard">{t('linking.network.keyboard')}</Paragraph>
              <NetworkGraph network={n} />
            </section>
            <NetworkTables network={n} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
