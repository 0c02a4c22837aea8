import {
  Baby, Briefcase, Calendar, Camera, Check, CircleHelp, ClipboardList, FileText, Flower, Frown, Gem, HandHeart,
  HeartHandshake, Hospital, House, IdCard, Languages, Laugh, Mail, MapPin, Meh, Phone, Printer, RefreshCw, School,
  Search, ShieldCheck, Smile, Star, Stethoscope, Store, Ticket, Truck, User, UserPlus, Users, X, type LucideIcon,
} from 'lucide-react';
import type { IconName } from '../../../core/config/icon-name';

/** Typed against the config's icon list: adding a name there without a drawing here fails to compile. */
const ICONS: Record<IconName, LucideIcon> = {
  home: House,
  'id-card': IdCard,
  users: Users,
  baby: Baby,
  flower: Flower,
  'file-text': FileText,
  store: Store,
  'hand-heart': HandHeart,
  mail: Mail,
  stethoscope: Stethoscope,
  ticket: Ticket,
  search: Search,
  star: Star,
  school: School,
  hospital: Hospital,
  'heart-handshake': HeartHandshake,
  'map-pin': MapPin,
  calendar: Calendar,
  phone: Phone,
  user: User,
  'user-plus': UserPlus,
  check: Check,
  x: X,
  camera: Camera,
  printer: Printer,
  languages: Languages,
  'clipboard-list': ClipboardList,
  'shield-check': ShieldCheck,
  briefcase: Briefcase,
  ring: Gem,
  truck: Truck,
  refresh: RefreshCw,
  help: CircleHelp,
  smile: Smile,
  meh: Meh,
  frown: Frown,
  laugh: Laugh,
};

/** Decorative: the words beside it carry the meaning, so screen readers skip it. */
export function Icon({ name, size = 64 }: { name: IconName; size?: number }) {
  const Drawing = ICONS[name];
  return <Drawing size={size} strokeWidth={2} aria-hidden="true" focusable="false" />;
}
