import { h, mount, clear, options, field, setServerSanitizedHtml } from '../dom.js';
import { get, post, patch, qs } from '../api.js';
import { t } from '../i18n.js';
import { fmtDateTime, zonedToIso, zonedDateStr, DUE_TIME, STATUSES, LEVELS, TLPS, RESOLUTIONS, statusLabel, levelLabel, resolutionLabel, tlpLabel, tlpClass, priorityLabel } from '../format.js';
import { users, constituencies, taxonomy, taxLabel, constituencyName, canWrite, learnUserName } from '../state.js';
import { navigate, showError, toast, debounce, section, badge } from '../ui.js';
import { correspondence, mailForm, mountError } from './mail.js';
import { decisionsPanel } from './authority.js';
import { mountSlaPanel } from './sla.js';

const COMPARED = ['title', 'description', 'status', 'resolution', 'category', 'impact', 'urgency', 'priority', 'tlp', 'pap',
  'assignee_id', 'constituency_id', 'org_unit_id', 'is_exercise', 'personal_data', 'merged_into', 'estimated_damage_jpy'];

export async function render(ctx) {
  const id = ctx.parts[1];
  if (!/^(\d{1,12}|INC-\d{4}-\d{5})$/.test(id || '')) throw Object.assign(new Error('not found'), { status: 404 });
  const [inc0, us, cons, tax] = await Promise.all([get('/incidents/' + encodeURIComponent(id)), users(), constituencies(), taxonomy()]);
  if (ctx.stale()) return;
  let inc = inc0;
  const writable = canWrite();
  const nameOf = (uid) => { const u = us.find((x) => x.id === uid); return u ? u.display_name : (uid ? '#' + uid : t('common.unassigned')); };
  const userItems = [['', t('common.unassigned')], ...us.filter((u) => !u.disabled).map((u) => [String(u.id), u.display_name])];

  const fmtValue = (f, v) => {
    if (v === null || v === undefined || v === '') return '—';
    if (f === 'status') return statusLabel(v);
    if (f === 'impact' || f === 'urgency') return levelLabel(v);
    if (f === 'resolution') return resolutionLabel(v);
    if (f === 'tlp' || f === 'pap') return tlpLabel(v);
    if (f === 'assignee_id') return nameOf(v);
    if (f === 'category') return taxLabel(tax, v);
    if (f === 'constituency_id') return constituencyName(cons, v);
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    return String(v);
  };

  const conflictBox = h('div', { class: 'conflict-slot' });
  const top = h('div', {});
  const journalBox = h('div', {});
  const tasksBox = h('div', {});
  const reportsBox = h('div', {});
  const mergeBox = h('div', {});

  // PATCH with If-Match; on 412 show the conflict panel.
  async function save(changes, base = inc) {
    try {
      inc = await patch('/incidents/' + inc.id, changes, base.version);
      clear(conflictBox);
      paintTop();
      loadJournal();
      toast(t('common.saved'));
      return true;
    } catch (e) {
      if (e.status === 412) { await showConflict(changes, base); return false; }
      showError(e);
      paintTop();
      return false;
    }
  }

  async function showConflict(changes, base) {
    let current;
    try { current = await get('/incidents/' + inc.id); } catch (e) { showError(e); return; }
    const diffs = COMPARED.filter((f) => JSON.stringify(base[f] ?? null) !== JSON.stringify(current[f] ?? null));
    const reapply = h('button', { type: 'button', class: 'btn primary', testid: 'conflict-reapply' }, t('conflict.reapply'));
    const discard = h('button', { type: 'button', class: 'btn', testid: 'conflict-discard' }, t('conflict.discard'));
    const panel = h('div', { class: 'conflict', role: 'alert', testid: 'conflict-panel' },
      h('h2', {}, t('conflict.title')),
      h('p', {}, t('conflict.explain')),
      h('table', { class: 'diff' },
        h('thead', {}, h('tr', {}, h('th', {}, t('conflict.field')), h('th', {}, t('conflict.yours_base')), h('th', {}, t('conflict.now')))),
        h('tbody', {}, diffs.length ? diffs.map((f) => h('tr', { testid: 'conflict-field', 'data-field': f },
          h('th', { scope: 'row' }, t('field.' + f)), h('td', { class: 'old' }, fmtValue(f, base[f])), h('td', { class: 'new' }, fmtValue(f, current[f]))))
          : h('tr', {}, h('td', { colspan: '3' }, t('conflict.no_field_diff'))))),
      h('p', {}, t('conflict.your_change')),
      h('ul', { class: 'mine' }, Object.entries(changes).map(([f, v]) => h('li', { testid: 'conflict-mine', 'data-field': f }, t('field.' + f) + ': ' + fmtValue(f, v)))),
      h('div', { class: 'actions' }, reapply, discard));
    reapply.addEventListener('click', () => { inc = current; save(changes, current); });
    discard.addEventListener('click', () => { inc = current; clear(conflictBox); paintTop(); loadJournal(); });
    mount(conflictBox, panel);
    inc = current;
    paintTop();
    reapply.focus();
  }

  function paintTop() {
    const header = h('header', { class: 'inc-header' },
      h('div', { class: ['tlp-banner', tlpClass(inc.tlp)], testid: 'tlp-banner', 'data-tlp': inc.tlp, role: 'note' }, tlpLabel(inc.tlp)),
      h('div', { class: 'inc-title-row' },
        h('span', { class: 'inc-key', testid: 'incident-key' }, inc.key),
        h('h1', { class: 'inc-title', testid: 'incident-title' }, inc.title)),
      h('div', { class: 'inc-meta' },
        badge('prio-' + (inc.priority || '').toLowerCase(), priorityLabel(inc.priority), { testid: 'incident-priority', 'data-priority': inc.priority }),
        badge('status-' + inc.status, statusLabel(inc.status), { testid: 'incident-status', 'data-status': inc.status }),
        inc.resolution ? badge('resolution', resolutionLabel(inc.resolution), { testid: 'incident-resolution' }) : null,
        h('span', { testid: 'incident-assignee' }, t('field.assignee') + ': ' + nameOf(inc.assignee_id)),
        inc.merged_into ? h('a', { href: '#/incidents/' + encodeURIComponent(inc.merged_into), testid: 'incident-merged-into' }, t('incident.merged_into', { key: inc.merged_into })) : null,
        inc.is_exercise ? badge('exercise', t('field.is_exercise')) : null));

    const flow = h('div', { class: 'workflow', testid: 'workflow' }, h('span', { class: 'muted' }, t('incident.transitions') + ':'));
    const allowed = inc.allowed_transitions || [];
    if (writable) {
      for (const s of allowed) {
        const b = h('button', { type: 'button', class: ['btn', s === 'closed' ? 'danger' : null], testid: 'transition-' + s }, '→ ' + statusLabel(s));
        b.addEventListener('click', () => (s === 'closed' ? askResolution() : save({ status: s })));
        flow.appendChild(b);
      }
    }
    if (!allowed.length || !writable) flow.appendChild(h('span', { class: 'muted' }, t('incident.no_transitions')));

    // Inline edits.
    const selEdit = (f, items, value) => {
      const s = h('select', { testid: 'edit-' + f.replace('_id', ''), disabled: !writable }, ...options(items, value ?? ''));
      s.addEventListener('change', () => {
        let v = s.value;
        if (f === 'assignee_id') v = v ? Number(v) : null;
        if (f === 'category') v = v || null;
        save({ [f]: v });
      });
      return field(t('field.' + f), s);
    };
    // 推定被害額: whole yen, empty = no estimate (the management report sums what is entered).
    const damageEdit = () => {
      const inp = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', testid: 'edit-damage',
        disabled: !writable, value: inc.estimated_damage_jpy ?? '', placeholder: t('field.estimated_damage_none') });
      inp.addEventListener('change', () => {
        const v = inp.value.trim();
        if (v !== '' && !/^\d{1,13}$/.test(v)) { inp.setCustomValidity(t('field.estimated_damage_bad')); inp.reportValidity(); return; }
        inp.setCustomValidity('');
        save({ estimated_damage_jpy: v === '' ? null : Number(v) });
      });
      return field(t('field.estimated_damage_jpy'), inp);
    };
    const catItems = [['', '—']];
    for (const c of tax.filter((x) => !x.parent)) {
      catItems.push([c.code, taxLabel(tax, c.code)]);
      for (const ty of tax.filter((x) => x.parent === c.code)) catItems.push([ty.code, '　' + taxLabel(tax, ty.code)]);
    }
    const fields = h('div', { class: 'edit-grid' },
      selEdit('impact', LEVELS.map((l) => [l, levelLabel(l)]), inc.impact),
      selEdit('urgency', LEVELS.map((l) => [l, levelLabel(l)]), inc.urgency),
      selEdit('tlp', TLPS.map((x) => [x, tlpLabel(x)]), inc.tlp),
      selEdit('assignee_id', userItems, inc.assignee_id ? String(inc.assignee_id) : ''),
      selEdit('category', catItems, inc.category || ''),
      damageEdit(),
      h('div', { class: 'field' }, h('span', { class: 'label' }, t('field.constituency')), h('span', {}, constituencyName(cons, inc.constituency_id))));

    const titleEdit = textEdit('title', inc.title, false);
    const descEdit = textEdit('description', inc.description || '', true);
    const times = h('dl', { class: 'times' }, ...['detected_at', 'reported_at', 'acknowledged_at', 'contained_at', 'resolved_at', 'closed_at', 'created_at', 'updated_at']
      .filter((f) => inc[f]).flatMap((f) => [h('dt', {}, t('field.' + f)), h('dd', {}, fmtDateTime(inc[f]))]));
    mount(top, header, flow, h('div', { class: 'cols' },
      h('div', { class: 'col-main' }, section(t('field.description'), 'incident-description', descEdit)),
      h('div', { class: 'col-side' }, section(t('incident.details'), 'incident-fields', titleEdit, fields, times))));
  }

  function textEdit(f, value, multi) {
    const wrap = h('div', { class: 'text-edit' });
    const show = () => {
      const display = h(multi ? 'div' : 'p', { class: multi ? 'prewrap' : '', testid: 'incident-' + f + '-text' }, value || '—');
      const btn = h('button', { type: 'button', class: 'btn small', testid: 'edit-' + f, hidden: !writable }, t('common.edit') + (multi ? '' : ' (' + t('field.' + f) + ')'));
      btn.addEventListener('click', edit);
      mount(wrap, multi ? display : null, btn);
    };
    const edit = () => {
      const base = inc;
      const input = multi ? h('textarea', { testid: 'edit-' + f + '-input', rows: '8', 'aria-label': t('field.' + f) })
        : h('input', { testid: 'edit-' + f + '-input', 'aria-label': t('field.' + f), maxlength: '300' });
      input.value = value;
      const ok = h('button', { type: 'submit', class: 'btn primary small', testid: 'edit-' + f + '-save' }, t('common.save'));
      const cancel = h('button', { type: 'button', class: 'btn small', testid: 'edit-' + f + '-cancel' }, t('common.cancel'));
      const form = h('form', { class: 'edit-form' }, input, h('div', { class: 'actions' }, ok, cancel));
      cancel.addEventListener('click', show);
      input.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') show(); });
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (f === 'title' && !input.value.trim()) return;
        ok.disabled = true;
        await save({ [f]: f === 'title' ? input.value.trim() : input.value }, base);
      });
      mount(wrap, form);
      input.focus();
    };
    show();
    return wrap;
  }

  function askResolution() {
    const s = h('select', { testid: 'resolution-select', id: 'resolution-select' }, ...options(RESOLUTIONS.map((r) => [r, resolutionLabel(r)]), 'resolved'));
    const ok = h('button', { type: 'submit', class: 'btn danger', testid: 'resolution-confirm' }, t('incident.close'));
    const cancel = h('button', { type: 'button', class: 'btn', testid: 'resolution-cancel' }, t('common.cancel'));
    const form = h('form', { method: 'dialog' }, h('h2', {}, t('incident.close_title')), field(t('field.resolution'), s), h('div', { class: 'actions' }, ok, cancel));
    const dlg = h('dialog', { class: 'dialog', testid: 'resolution-dialog' }, form);
    cancel.addEventListener('click', () => dlg.close());
    form.addEventListener('submit', (ev) => { ev.preventDefault(); dlg.close(); save({ status: 'closed', resolution: s.value }); });
    dlg.addEventListener('close', () => dlg.remove());
    document.body.appendChild(dlg);
    dlg.showModal();
    s.focus();
  }

  // Journal.
  const draftKey = 'hikeshi.noteDraft.' + inc.id;
  const journalList = h('ol', { class: 'journal', testid: 'journal' });
  async function loadJournal() {
    try {
      const r = await get('/incidents/' + inc.id + '/journal' + qs({ limit: 200 }));
      if (ctx.stale()) return;
      mount(journalList, r.items.map(entry));
    } catch (e) { showError(e); }
  }
  function entry(j) {
    learnUserName(j.author_id, j.author);
    let body;
    if (j.kind === 'note') {
      body = h('div', { class: 'md', testid: 'journal-body' });
      setServerSanitizedHtml(body, j.body_html);
    } else if (j.kind === 'mail') {
      body = mailEntry(j);
    } else {
      body = h('p', { class: 'event' }, describe(j));
    }
    return h('li', { testid: 'journal-entry', 'data-kind': j.kind, 'data-id': j.id, class: 'kind-' + j.kind },
      h('div', { class: 'j-head' }, h('strong', {}, j.author || (j.kind === 'mail' && j.data ? (j.data.from || j.data.from_address) : null) || '—'), ' ', h('time', { datetime: j.at }, fmtDateTime(j.at)), ' ', badge('kind', t('kind.' + j.kind))),
      body);
  }
  // A mail threaded into the incident (in) or sent from it (out): the
  // header fields as text, the body as the server-escaped <pre class="mail">.
  function mailEntry(j) {
    const d = j.data || {};
    const dir = d.direction === 'out' ? 'out' : 'in';
    const body = h('div', { class: 'mail-html', testid: 'journal-body' });
    setServerSanitizedHtml(body, j.body_html);
    const atts = Array.isArray(d.attachments) ? d.attachments : [];
    return h('div', { class: ['journal-mail', 'dir-' + dir], testid: 'journal-mail', 'data-direction': dir },
      h('p', { class: 'mail-line' }, badge('dir-' + dir, t('mail.dir.' + dir), { testid: 'mail-direction', 'data-direction': dir }), ' ',
        d.from || d.from_address || dir === 'in' ? h('span', { testid: 'journal-mail-from' }, t('mail.from') + ': ' + (d.from || d.from_address || '—')) : null, ' ',
        d.to ? h('span', { testid: 'journal-mail-to' }, (dir === 'in' ? '→ ' : '') + t('mail.to') + ': ' + d.to) : null),
      h('p', { class: 'mail-subject', testid: 'journal-mail-subject' }, d.subject || ''),
      atts.length ? h('ul', { class: 'attachments small', testid: 'journal-mail-attachments' }, atts.map((a) =>
        h('li', { testid: 'journal-attachment' }, '📎 ', h('span', {}, a.filename || t('mail.unnamed')), ' ',
          h('span', { class: 'muted' }, String(a.size ?? '') + ' B'), ' ', h('code', { class: 'small' }, a.sha256 || '')))) : null,
      body);
  }
  function describe(j) {
    const d = j.data || {};
    switch (j.kind) {
      case 'status': return t('journal.status', { from: d.from ? statusLabel(d.from) : '—', to: d.to ? statusLabel(d.to) : '—' }) + (d.resolution ? ' (' + resolutionLabel(d.resolution) + ')' : '');
      case 'assign': return t('journal.assign', { from: d.from ? nameOf(d.from) : '—', to: d.to ? nameOf(d.to) : '—' });
      case 'create': return t('journal.create');
      case 'sla': return t('journal.sla', { target: t('sla.target.' + d.target), state: t('sla.state.' + d.state) });
      case 'escalation': {
        const lvl = (n) => n + ' ' + t('esc.level.' + n);
        if (d.action === 'climbed') return t('journal.esc_climbed', { from: lvl(d.level), to: lvl(d.to_level) });
        if (d.action === 'acknowledged') return t('journal.esc_acked', { level: lvl(d.level), by: d.acknowledged_by || '—' });
        const names = (d.recipients || []).map((r) => r.name || r.display_name || '').filter(Boolean).join(', ') || '—';
        const held = (d.withheld || []).length;
        return t('journal.esc_raised', { level: lvl(d.level), rule: d.rule || '—', to: names }) +
          (held ? ' ' + t('journal.esc_withheld', { n: held }) : '');
      }
      case 'field': return t('journal.field', { field: d.field ? t('field.' + d.field) : Object.keys(d).map((k) => t('field.' + k)).join(', ') });
      default: return j.body_md || t('kind.' + j.kind) + (Object.keys(d).length ? ' ' + Object.entries(d).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ') : '');
    }
  }
  const noteInput = h('textarea', { id: 'note-input', testid: 'note-input', rows: '5', 'data-shortcut': 'note', placeholder: t('journal.placeholder') });
  noteInput.value = sessionStorage.getItem(draftKey) || '';
  noteInput.addEventListener('input', () => sessionStorage.setItem(draftKey, noteInput.value));
  const preview = h('pre', { class: 'preview', testid: 'note-preview', hidden: true, 'aria-live': 'polite' });
  const previewBtn = h('button', { type: 'button', class: 'btn', testid: 'note-preview-toggle', 'aria-pressed': 'false' }, t('journal.preview'));
  previewBtn.addEventListener('click', () => {
    const on = preview.hidden;
    preview.hidden = !on; noteInput.hidden = on;
    preview.textContent = noteInput.value;
    previewBtn.setAttribute('aria-pressed', String(on));
    previewBtn.textContent = on ? t('journal.write') : t('journal.preview');
  });
  const noteSubmit = h('button', { type: 'submit', class: 'btn primary', testid: 'note-submit' }, t('journal.add'));
  const noteForm = h('form', { class: 'note-form', testid: 'note-form' },
    h('label', { for: 'note-input' }, t('journal.note_label')), noteInput, preview,
    h('div', { class: 'actions' }, previewBtn, noteSubmit, h('span', { class: 'muted small' }, t('journal.md_hint'))));
  noteForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!noteInput.value.trim()) { noteInput.focus(); return; }
    noteSubmit.disabled = true;
    try {
      await post('/incidents/' + inc.id + '/journal', { body: noteInput.value });
      noteInput.value = ''; sessionStorage.removeItem(draftKey);
      if (!preview.hidden) previewBtn.click();
      await loadJournal();
      toast(t('journal.added'));
    } catch (e) { showError(e); } finally { noteSubmit.disabled = false; }
  });
  noteInput.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) noteForm.requestSubmit(); });
  mount(journalBox, section(t('incident.journal'), 'journal-section', journalList, writable ? noteForm : null));

  // Tasks.
  const taskList = h('ul', { class: 'tasks', testid: 'tasks' });
  async function loadTasks() {
    try {
      const r = await get('/incidents/' + inc.id + '/tasks' + qs({ limit: 200 }));
      if (ctx.stale()) return;
      mount(taskList, r.items.length ? r.items.map(taskItem) : h('li', { class: 'muted' }, t('tasks.none')));
    } catch (e) { showError(e); }
  }
  function taskItem(tk) {
    const cb = h('input', { type: 'checkbox', testid: 'task-done', checked: tk.done, disabled: !writable, id: 'task-' + tk.id });
    const as = h('select', { testid: 'task-assignee', 'aria-label': t('field.assignee'), disabled: !writable }, ...options(userItems, tk.assignee_id ? String(tk.assignee_id) : ''));
    const upd = async (changes) => {
      try { await patch('/tasks/' + tk.id, changes, tk.version); } catch (e) {
        if (e.status === 412) toast(t('tasks.stale'), 'error'); else showError(e);
      }
      loadTasks(); loadJournal();
    };
    cb.addEventListener('change', () => upd({ done: cb.checked }));
    as.addEventListener('change', () => upd({ assignee_id: as.value ? Number(as.value) : null }));
    const due = h('input', { type: 'date', testid: 'task-due', value: zonedDateStr(tk.due_at), disabled: !writable,
      'aria-label': t('tasks.due_edit') + ': ' + tk.title });
    due.addEventListener('change', () => {
      if (!due.value) { upd({ due_at: null }); return; }
      const iso = zonedToIso(due.value, DUE_TIME);
      if (iso) upd({ due_at: iso });
    });
    const overdue = !tk.done && tk.due_at && Date.parse(tk.due_at) < Date.now();
    return h('li', { testid: 'task-item', 'data-id': tk.id, 'data-done': String(!!tk.done), 'data-overdue': String(!!overdue),
      class: [tk.done ? 'done' : '', overdue ? 'overdue' : ''] },
      cb, h('label', { for: 'task-' + tk.id, class: 'task-title' }, tk.title), as,
      h('div', { class: 'task-due' },
        tk.due_at ? h('span', { class: 'small', testid: 'task-due-text', 'data-due': tk.due_at }, t('tasks.due') + ' ' + fmtDateTime(tk.due_at)) : null,
        overdue ? [' ', badge('overdue-badge', t('tasks.overdue'), { testid: 'task-overdue' })] : null,
        writable ? due : null));
  }
  const taskTitle = h('input', { testid: 'task-title', id: 'task-title', maxlength: '300' });
  const taskAssignee = h('select', { testid: 'task-new-assignee' }, ...options(userItems, ''));
  const taskDue = h('input', { type: 'date', testid: 'task-new-due' });
  const taskSubmit = h('button', { type: 'submit', class: 'btn', testid: 'task-submit' }, t('tasks.add'));
  const taskForm = h('form', { class: 'task-form', testid: 'task-form' },
    field(t('tasks.title'), taskTitle, 'wide'), field(t('field.assignee'), taskAssignee), field(t('tasks.due_input'), taskDue),
    h('div', { class: 'actions' }, taskSubmit));
  taskForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!taskTitle.value.trim()) { taskTitle.focus(); return; }
    taskSubmit.disabled = true;
    try {
      const body = { title: taskTitle.value.trim() };
      if (taskAssignee.value) body.assignee_id = Number(taskAssignee.value);
      if (taskDue.value) { const iso = zonedToIso(taskDue.value, DUE_TIME); if (iso) body.due_at = iso; }
      await post('/incidents/' + inc.id + '/tasks', body);
      taskTitle.value = ''; taskDue.value = '';
      await loadTasks(); loadJournal();
    } catch (e) { showError(e); } finally { taskSubmit.disabled = false; }
  });
  mount(tasksBox, section(t('incident.tasks'), 'tasks-section', taskList, writable ? taskForm : null));

  // Linked reports.
  const repList = h('ul', { class: 'plain', testid: 'linked-reports' });
  async function loadReports() {
    try {
      const r = await get('/incidents/' + inc.id + '/reports');
      if (ctx.stale()) return;
      mount(repList, r.items.length ? r.items.map((rp) => h('li', { testid: 'linked-report', 'data-id': rp.id },
        h('a', { href: '#/reports/' + rp.id, testid: 'linked-report-link' }, rp.key), ' ', h('span', { class: 'subject' }, rp.subject),
        ' ', h('span', { class: 'muted small' }, fmtDateTime(rp.received_at)))) : h('li', { class: 'muted' }, t('incident.no_reports')));
    } catch (e) { showError(e); }
  }
  mount(reportsBox, section(t('incident.reports'), 'reports-section', repList));

  // Correspondence (the incident's own mail and its reports') and sending.
  const mailsBox = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
  async function loadMails() {
    try {
      const m = await get('/incidents/' + inc.id + '/mails');
      if (ctx.stale()) return;
      mount(mailsBox, correspondence(m, 'incident'));
    } catch (e) { mountError(mailsBox, e); }
  }
  const sendBox = writable ? h('section', { class: 'card', testid: 'incident-send-mail' }, mailForm({
    path: '/incidents/' + inc.id + '/mails', title: t('mail.send_title'), toPlaceholder: t('mail.to_placeholder'),
    subjectPlaceholder: '[' + inc.key + '] …',
    onSent: async () => { await Promise.all([loadMails(), loadJournal()]); },
  })) : null;

  // Merge.
  if (writable && inc.status !== 'closed') {
    mount(mergeBox, section(t('incident.merge'), 'merge-section', incidentPicker({
      testPrefix: 'merge', exclude: inc.id, confirmLabel: t('incident.merge_confirm'),
      onPick: async (target) => {
        try { await post('/incidents/' + inc.id + '/merge', { into: target.id }); toast(t('incident.merged')); navigate('#/incidents/' + target.id); } catch (e) { showError(e); }
      },
    })));
  }

  const slaBox = h('div', {});
  mountSlaPanel(slaBox, inc.id);
  paintTop();
  mount(ctx.root, h('div', { testid: 'view-incident', class: 'view', 'data-id': inc.id, 'data-key': inc.key },
    conflictBox, top, h('div', { class: 'cols' }, h('div', { class: 'col-main' }, journalBox, h('h2', { class: 'section-title' }, t('mail.correspondence')), mailsBox, sendBox), h('div', { class: 'col-side' }, slaBox, tasksBox, decisionsPanel(inc, { writable, onChange: loadJournal }), reportsBox, mergeBox))));
  await Promise.all([loadJournal(), loadTasks(), loadReports(), loadMails(), import('./escalation.js').then((m) => m.incidentPanel(inc, ctx.root))]);
}

// Search-as-you-type incident picker (used for merge and report linking).
export function incidentPicker({ testPrefix, exclude, onPick, confirmLabel }) {
  const input = h('input', { type: 'search', testid: testPrefix + '-search', id: testPrefix + '-search', autocomplete: 'off', placeholder: t('picker.placeholder') });
  const list = h('ul', { class: 'picker', role: 'listbox', 'aria-label': t('picker.results') });
  const chosen = h('p', { class: 'muted', 'aria-live': 'polite' });
  const confirmBtn = h('button', { type: 'button', class: 'btn primary', testid: testPrefix + '-confirm', disabled: true }, confirmLabel);
  let picked = null, seq = 0;
  const run = debounce(async () => {
    const q = input.value.trim();
    const my = ++seq;
    if (!q) { clear(list); return; }
    try {
      const r = await get('/incidents' + qs({ q, limit: 10, sort: '-updated_at' }));
      if (my !== seq) return;
      const items = r.items.filter((i) => i.id !== exclude);
      mount(list, items.length ? items.map((i) => {
        const b = h('button', { type: 'button', class: 'pick', testid: testPrefix + '-result', 'data-key': i.key, 'data-id': i.id },
          h('span', { class: 'nowrap' }, i.key), ' ', h('span', {}, i.title), ' ', badge('status-' + i.status, statusLabel(i.status)));
        b.addEventListener('click', () => {
          picked = i; chosen.textContent = t('picker.chosen', { key: i.key, title: i.title }); confirmBtn.disabled = false;
          for (const x of list.querySelectorAll('.pick')) x.classList.toggle('selected', x === b);
          confirmBtn.focus();
        });
        return h('li', {}, b);
      }) : h('li', { class: 'muted' }, t('picker.none')));
    } catch (e) { showError(e); }
  }, 200);
  input.addEventListener('input', run);
  confirmBtn.addEventListener('click', () => picked && onPick(picked));
  return h('div', { class: 'picker-wrap' }, h('label', { for: testPrefix + '-search' }, t('picker.label')), input, list, chosen, confirmBtn);
}
