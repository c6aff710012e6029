import { Admin, CustomRoutes, Resource, defaultTheme, type RaThemeOptions } from 'react-admin';
import { Route } from 'react-router-dom';
import audit from './audit';
import { authProvider, can } from './authProvider';
import benchmarks from './benchmarks';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { DigestPage } from './digest';
import disagreements from './disagreements';
import driftQueue from './evidence';
import families from './families';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './layout/LoginPage';
import models from './models';
import { MyWork } from './mywork';
import prices from './prices';
import providers from './providers';
import reviews from './reviews';
import scores from './scores';
import sources from './sources';
import users from './users';
import webhooks from './webhooks';

const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: '#283593' }, secondary: { main: '#3949ab' } },
  sidebar: { width: 230, closedWidth: 55 },
};

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
