import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { Badge } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Menu } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { myWorkKey, rejectedCount } from './api';

/** The signed-in person's rejected entries not fixed yet; counted again on every page change. */
export const useRejectedCount = () => {
  const { pathname } = useLocation();
  return useQuery({ queryKey: [...myWorkKey, 'rejectedCount', pathname], queryFn: rejectedCount, refetchInterval: 60_000, placeholderData: (previous) => previous });
};

const RejectedBadge = () => {
  const { data } = useRejectedCount();
  return (
    <Badge badgeContent={data ?? 0} color="error" max={99} data-testid="rejected-count">
      <AssignmentIndIcon />
    </Badge>
  );
};

/** "My work", first in the menu, with the number of the person's rejected entries still to fix. */
export const MyWorkMenuItem = () => <Menu.Item to="/my-work" primaryText="My work" leftIcon={<RejectedBadge />} />;
