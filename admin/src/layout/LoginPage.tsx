import { Box, Button, CardContent, CircularProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, Login, PasswordInput, TextInput, required, useLogin, useNotify } from 'react-admin';
import { methodology } from '../citations/methodology';
import { signInEmail } from '../users/emailAddress';

const SignInForm = () => {
  const login = useLogin();
  const notify = useNotify();
  const [loading, setLoading] = useState(false);
  const submit = async (values: Record<string, any>) => {
    setLoading(true);
    try {
      await login({ email: values.email.trim(), password: values.password });
    } catch (error) {
      notify((error as Error)?.message || 'Sign-in failed.', { type: 'error' });
    } finally {
      setLoading(false);
    }
  };
  return (
    <Form onSubmit={submit} noValidate>
      <CardContent sx={{ minWidth: 300, display: 'flex', flexDirection: 'column' }}>
        <TextInput source="email" label="Email" type="email" autoComplete="username" autoFocus validate={[required(), signInEmail()]} />
        <PasswordInput source="password" label="Password" autoComplete="current-password" validate={required()} />
        <Button variant="contained" type="submit" color="primary" disabled={loading} fullWidth sx={{ mt: 1 }}>
          {loading ? <CircularProgress size={19} thickness={3} /> : 'Sign in'}
        </Button>
      </CardContent>
    </Form>
  );
};

/** Sign-in with email and password; the session lives in an HttpOnly cookie set by the API. */
export const LoginPage = () => (
  <Login sx={{ backgroundImage: 'linear-gradient(135deg, #1a237e 0%, #3949ab 100%)' }}>
    <Box sx={{ px: 2, textAlign: 'center' }}>
      <Typography variant="h6" component="h1">
        Sourced editors
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Sign in with the email and password your admin gave you.
      </Typography>
    </Box>
    <SignInForm />
    <Typography variant="caption" color="text.secondary" component="p" sx={{ px: 2, pb: 2, maxWidth: 330 }}>
      {methodology}
    </Typography>
  </Login>
);
