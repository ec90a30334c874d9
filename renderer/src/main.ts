import { mount } from 'svelte';
import App from './App.svelte';
import { apiContext } from './lib/api-context';
import './styles/kiosk.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');
// The one place that reads window.api (exposed by the preload, or by the web host's shim).
mount(App, { target, context: apiContext(window.api) });
