import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import audit from './audit';
import { authProvider, can } from './authProvider';
import benchmarks from './benchmarks';
import { dataProvider } from './dataProvider';
import disagreements from './disagreements';
import driftQueue from './evidence';
import families from './families';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './layout/LoginPage';
import { lazyScreen } from './layout/lazyScreen';
import { theme } from './layout/theme';
import models from './models';
import prices from './prices';
import providers from './providers';
import reviews from './reviews';
import scores from './scores';
import sources from './sources';
import users from './users';
import webhooks from './webhooks';

// Screens load when first opened (each resource's index.ts does the same for its own).
const Dashboard = lazyScreen(() => import('./dashboard/Dashboard'), 'Dashboard');
const DigestPage = lazyScreen(() => import('./digest/DigestPage'), 'DigestPage');
const BatchEntry = lazyScreen(() => import('./batch/BatchEntry'), 'BatchEntry');
const MyWork = lazyScreen(() => import('./mywork/MyWork'), 'MyWork');

/** The editors' app: every screen talks to the GraphQL API only; the API enforces every rule again. */
export const App = () => (
  <Admin
    title="Sourced — editors"
    dataProvider={dataProvider}
    authProvider={authProvider}
    dashboard={Dashboard}
    layout={AppLayout}
    loginPage={LoginPage}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    {(permissions) => (
      <>
        <Resource name="models" {...models} />
        <Resource name="providers" {...providers} />
        <Resource name="families" {...families} />
        <Resource name="benchmarks" {...benchmarks} />
        <Resource name="scores" {...scores} />
        <Resource name="prices" {...prices} />
        <Resource name="sources" {...sources} />
        <Resource name="reviews" {...reviews} />
        <CustomRoutes>
          <Route path="/digest/*" element={<DigestPage />} />
          <Route path="/batch" element={<BatchEntry />} />
          <Route path="/my-work" element={<MyWork />} />
        </CustomRoutes>
        {can.review(permissions) && <Resource name="disagreements" {...disagreements} />}
        {can.review(permissions) && <Resource name="driftQueue" {...driftQueue} />}
        {can.readAudit(permissions) && <Resource name="auditEvents" {...audit} />}
        {can.manageUsers(permissions) && <Resource name="users" {...users} />}
        {can.manageUsers(permissions) && <Resource name="webhooks" {...webhooks} />}
      </>
    )}
  </Admin>
);
