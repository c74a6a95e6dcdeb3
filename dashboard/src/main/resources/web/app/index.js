// Every page: htmx, Pico CSS and the dashboard's own behaviour and styles.
import htmx from 'htmx.org';
import '@picocss/pico/css/pico.min.css';
import './app.css';
import { installBehaviours } from './behaviours.js';

window.htmx = htmx;
installBehaviours(document);
