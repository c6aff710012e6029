import { Chip } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout, TitlePortal, usePermissions } from 'react-admin';
import { AppMenu } from './AppMenu';

const RoleChip = () => {
  const { permissions } = usePermissions();
  if (!permissions) return null;
  return <Chip size="small" label={String(permissions).toLowerCase()} sx={{ color: 'inherit', borderColor: 'currentColor', mr: 1 }} variant="outlined" data-testid="role" />;
};

const SourcedAppBar = () => (
  <AppBar>
    <TitlePortal />
    <RoleChip />
  </AppBar>
);

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={AppMenu} appBar={SourcedAppBar}>
    {children}
  </Layout>
);
