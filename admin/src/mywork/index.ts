// The My work screen (./MyWork) loads when first opened (App.tsx); the menu item and its count load with the menu.
export { MyWorkMenuItem, useRejectedCount } from './MyWorkMenuItem';
