// `node --import ./trace-register.js …`: installs trace-hooks.js.
import { register } from 'node:module';

register('./trace-hooks.js', import.meta.url);
