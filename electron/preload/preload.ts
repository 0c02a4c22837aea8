/**
 * Electron preload (sandboxed, context-isolated): exposes the bridge as `window.tuntunBridge`.
 * Everything it does is in exposed-bridge.ts; this file only hands it Electron's ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL } from '../../core/contract/preload-api';
import { createExposedBridge } from './exposed-bridge';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createExposedBridge(ipcRenderer));
