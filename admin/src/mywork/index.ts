export { MyWork, MyWorkSections } from './MyWork';
export { MyWorkMenuItem, useRejectedCount } from './MyWorkMenuItem';
