import {
  Baby, Briefcase, Calendar, Camera, Check, CircleHelp, ClipboardList, FilePen, FileText, Flower, Frown, Gem,
  GraduationCap, HandHeart, HeartCrack, HeartHandshake, Hospital, House, IdCard, Landmark, Languages, Laugh, Mail,
  MapPin, Mars, Meh, Phone, Printer, ReceiptText, RefreshCw, School, Search, SearchX, ShieldCheck, Smile, Star,
  Stethoscope, Store, Ticket, Tombstone, Toothbrush, Truck, User, UserMinus, UserPlus, Users, Venus, Wheat, Wrench,
  X, type LucideIcon,
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
  tombstone: Tombstone,
  bank: Landmark,
  male: Mars,
  female: Venus,
  'heart-crack': HeartCrack,
  wheat: Wheat,
  wrench: Wrench,
  toothbrush: Toothbrush,
  'file-pen': FilePen,
  'user-minus': UserMinus,
  'graduation-cap': GraduationCap,
  'search-x': SearchX,
  receipt: ReceiptText,
};

/** Decorative: the words beside it carry the meaning, so screen readers skip it. */
export function Icon({ name, size = 64 }: { name: IconName; size?: number }) {
  const Drawing = ICONS[name];
  return <Drawing size={size} strokeWidth={2} aria-hidden="true" focusable="false" />;
}
