import { Badge, Divider, ListSubheader } from '@mui/material';
import { Menu, useGetList, usePermissions, useSidebarState } from 'react-admin';
import { can } from '../authProvider';
import { BatchIcon } from '../batch';
import { DigestIcon } from '../digest';
import { MyWorkMenuItem } from '../mywork';
import reviews from '../reviews';

const Section = ({ title }: { title: string }) => {
  const [open] = useSidebarState();
  if (!open) return <Divider sx={{ my: 1 }} />;
  return (
    // role="none": a section title inside the menu is neither a menu item nor a list item.
    <ListSubheader role="none" disableSticky sx={{ lineHeight: '32px', mt: 1, bgcolor: 'transparent', fontSize: 12, textTransform: 'uppercase', letterSpacing: 0.5 }}>
      {title}
    </ListSubheader>
  );
};

const PendingBadge = () => {
  const { total } = useGetList('reviews', { pagination: { page: 1, perPage: 1 } }, { refetchInterval: 60_000 });
  return (
    <Badge badgeContent={total ?? 0} color="warning" max={99} data-testid="pending-count">
      <reviews.icon />
    </Badge>
  );
};

/** Items a role cannot use are not shown; the API refuses them anyway. */
export const AppMenu = () => {
  const { permissions } = usePermissions();
  return (
    <Menu>
      <MyWorkMenuItem />
      <Menu.DashboardItem />
      <Section title="Catalog" />
      <Menu.ResourceItem name="models" />
      <Menu.ResourceItem name="providers" />
      <Menu.ResourceItem name="families" />
      <Menu.ResourceItem name="benchmarks" />
      <Section title="Sourced numbers" />
      <Menu.ResourceItem name="scores" />
      <Menu.ResourceItem name="prices" />
      <Menu.ResourceItem name="sources" />
      <Menu.Item to="/batch" primaryText="Batch entry" leftIcon={<BatchIcon />} />
      <Section title="Review" />
      <Menu.Item to="/reviews" primaryText="Review queue" leftIcon={<PendingBadge />} />
      <Menu.Item to="/digest" primaryText="Weekly digest" leftIcon={<DigestIcon />} />
      {can.review(permissions) && <Menu.ResourceItem name="disagreements" />}
      {can.review(permissions) && <Menu.ResourceItem name="driftQueue" />}
      {can.readAudit(permissions) && <Menu.ResourceItem name="auditEvents" />}
      {/* MUI menus take no Fragment children: one condition per item. */}
      {can.manageUsers(permissions) && <Section title="Administration" />}
      {can.manageUsers(permissions) && <Menu.ResourceItem name="users" />}
      {can.manageUsers(permissions) && <Menu.ResourceItem name="webhooks" />}
    </Menu>
  );
};

