import { Chip } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout, TitlePortal, UserMenu, useGetIdentity, usePermissions } from 'react-admin';
import { AppMenu } from './AppMenu';

const RoleChip = () => {
  const { permissions } = usePermissions();
  if (!permissions) return null;
  return <Chip size="small" label={String(permissions).toLowerCase()} sx={{ color: 'inherit', borderColor: 'currentColor', mr: 1 }} variant="outlined" data-testid="role" />;
};

/** The account menu, named by what it shows (the signed-in email) and what it is. */
const AccountMenu = () => {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ? `${identity.fullName}, profile` : 'Profile'} />;
};

// The page's title (each screen sets it with <Title>) is its one h1.
const SourcedAppBar = () => (
  <AppBar userMenu={<AccountMenu />}>
    <TitlePortal component="h1" />
    <RoleChip />
  </AppBar>
);

export const AppLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={AppMenu} appBar={SourcedAppBar}>
    {children}
  </Layout>
);
