/** The dashboard's entry: one query cache, one router. Pages past sign-in load lazily. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/api-client';
import { router } from './router';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An API refusal will not change by asking again; a network loss may.
      retry: (failures, error) => error instanceof ApiError && error.code === 'NETWORK' && failures < 2,
      retryDelay: 1000,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
