import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { loadRuntimeConfig } from './platform/runtime-config.ts';
import { createWebClient } from './platform/web-client.ts';
import './styles/app.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} client={createWebClient()} />
      </StrictMode>,
    ),
  () => {
    // Without /config.json the API itself is not answering: nothing on the page could work.
    const message = document.createElement('p');
    message.className = 'state state-error';
    message.setAttribute('role', 'alert');
    message.textContent = 'Showfloor cannot be reached right now. Reload the page in a moment.';
    document.getElementById('root')?.replaceChildren(message);
  },
);
