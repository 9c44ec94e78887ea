import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import 'dayjs/locale/de';
import 'dayjs/locale/fr';
import 'dayjs/locale/es';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';
import { i18next } from './i18n/index.ts';
import { languageOf, userLocale } from './i18n/locale.ts';

const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  defaultRadius: 'md',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

document.documentElement.lang = userLocale();

const root = document.getElementById('root');
if (root === null) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    {/* Dark mode follows the system setting. */}
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <I18nextProvider i18n={i18next}>
        <DatesProvider settings={{ locale: languageOf(userLocale()), firstDayOfWeek: userLocale() === 'en-US' ? 0 : 1 }}>
          {/* Every toast closes by itself after 4 s (Mantine pauses the timer while the pointer is on it). */}
          <Notifications position="bottom-right" autoClose={4000} />
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </QueryClientProvider>
        </DatesProvider>
      </I18nextProvider>
    </MantineProvider>
  </StrictMode>,
);
