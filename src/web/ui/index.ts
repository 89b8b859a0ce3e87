/** Thin typed components over the NL Design System (Utrecht) CSS classes. */
export { Alert } from './Alert.js';
export { Button, ButtonGroup, type ButtonProps } from './Button.js';
export { cx, fieldId } from './classes.js';
export { CheckboxField, ChoiceGroup, ErrorSummary, Fieldset, FormErrors, SelectField, TextArea, TextField } from './Form.js';
export { ListTable, Table, TBody, Td, Th, THead, Tr } from './Table.js';
export { DataList, Heading, Link, ListItem, Paragraph, StatusBadge, UnorderedList } from './Typography.js';
