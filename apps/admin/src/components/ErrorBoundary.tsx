import { Alert, Button, Container, Stack } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { i18n } from '../i18n/index';

interface State {
  failed: boolean;
}

/** Catches render errors so one broken page never blanks the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Container size="sm" py="xl">
        <Stack>
          <Alert color="red" title={i18n.t('errors.boundary')}>
            {i18n.t('errors.generic')}
          </Alert>
          <Button onClick={() => window.location.assign('/')}>{i18n.t('errors.backHome')}</Button>
        </Stack>
      </Container>
    );
  }
}
