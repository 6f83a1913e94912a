import { getLang, t } from './i18n.js';

let zone = 'Asia/Tokyo';
export function setZone(z) {
  try { new Intl.DateTimeFormat('en', { timeZone: z }); zone = z; } catch { zone = 'Asia/Tokyo'; }
}
export function getZone() { return zone; }

const locale = () => (getLang() === 'ja' ? 'ja-JP' : 'en-GB');

// 2026年11月22日 15:30 (ja) / 22 Nov 2026, 15:30 (en), in the user's zone.
export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone, year: 'numeric', month: getLang() === 'ja' ? 'long' : 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(d);
}
export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, year: 'numeric', month: getLang() === 'ja' ? 'long' : 'short', day: 'numeric' }).format(d);
}
export function fmtMonth(year, month) {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', year: '2-digit', month: getLang() === 'ja' ? 'numeric' : 'short' })
    .format(new Date(Date.UTC(year, month - 1, 1)));
}

// Offset (minutes) of the zone at a UTC instant.
function zoneOffset(utcMs, tz) {
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs))) p[x.type] = x.value;
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
  return Math.round((asUtc - utcMs) / 60000);
}
// "2026-11-22" (+ optional "15:30") in the user's zone → RFC 3339 UTC string.
export function zonedToIso(dateStr, timeStr = '00:00') {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateStr || '');
  if (!m) return null;
  const [hh, mm] = (timeStr || '00:00').split(':').map(Number);
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], hh, mm);
  const off = zoneOffset(guess - zoneOffset(guess, zone) * 60000, zone);
  return new Date(guess - off * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
// An instant → "YYYY-MM-DD" of its day in the user's zone (for <input type=date>).
export function zonedDateStr(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return '';
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d)) p[x.type] = x.value;
  return p.year + '-' + p.month + '-' + p.day;
}
// Tasks are due at the end of the working day (18:00, user's zone).
export const DUE_TIME = '18:00';
// Year and month (1-12) of an instant in the user's zone.
export function zonedYearMonth(iso) {
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(iso))) p[x.type] = x.value;
  return [+p.year, +p.month];
}

export const STATUSES = ['new', 'triage', 'analysis', 'containment', 'eradication', 'recovery', 'closed'];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
export const LEVELS = ['low', 'medium', 'high'];
export const RESOLUTIONS = ['resolved', 'false_positive', 'duplicate', 'out_of_scope'];
export const REJECT_REASONS = ['false_positive', 'spam', 'out_of_scope', 'duplicate'];
export const REPORT_STATES = ['new', 'triaged', 'linked', 'rejected'];

export const statusLabel = (s) => t('status.' + s);
export const levelLabel = (l) => t('level.' + l);
export const resolutionLabel = (r) => t('resolution.' + r);
export const tlpLabel = (x) => 'TLP:' + x; // untranslated, as FIRST specifies
export const tlpClass = (x) => 'tlp-' + String(x || '').toLowerCase().replace('+', '-');
export const priorityLabel = (p) => (p ? p + ' ' + t('priority.' + p) : '');
