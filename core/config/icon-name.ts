import { z } from 'zod';

/**
 * Icons a config author may name. The renderer maps each to a drawing; the map is typed against
 * this list, so an icon added here without a drawing is a compile error, and a config naming an
 * icon not listed here is refused at load. What each one means, so a picture says what its label
 * says: core/flow/README.md, "Icons".
 */
export const IconName = z
  .enum([
    'home',
    'id-card',
    'users',
    'baby',
    'flower',
    'file-text',
    'store',
    'hand-heart',
    'mail',
    'stethoscope',
    'ticket',
    'search',
    'star',
    'school',
    'hospital',
    'heart-handshake',
    'map-pin',
    'calendar',
    'phone',
    'user',
    'user-plus',
    'check',
    'x',
    'camera',
    'printer',
    'languages',
    'clipboard-list',
    'shield-check',
    'briefcase',
    'ring',
    'truck',
    'refresh',
    'help',
    'smile',
    'meh',
    'frown',
    'laugh',
    'tombstone',
    'bank',
    'male',
    'female',
    'heart-crack',
    'wheat',
    'wrench',
    'toothbrush',
    'file-pen',
    'user-minus',
    'graduation-cap',
    'search-x',
    'receipt',
  ])
  .describe('Name of a built-in icon; pick the one that means what the label says (core/flow/README.md lists what each means)');
export type IconName = z.infer<typeof IconName>;
