/*
 * alert-correlator: draws incidents from JSON. One file for both the web view (served by `serve`) and the
 * self-contained report of `replay --html` (embedded inline there), so both show the same thing.
 *
 * Every text that comes from alerts or incidents goes into the page as text (textContent, text nodes,
 * attribute values): never as markup. Nothing here builds HTML from strings.
 *
 * The model of an incident: { incident: {...the API's incident, history optional},
 *   alerts: [{id, displayName, alertType, severity, status, product, description, eventTime, endTime,
 *             tactics, tacticsFromTable, stage, entities: [{type, key}]}],
 *   killChain: [{stage, tactics: [...]}], strongTypes: [...] }
 */
(function (global) {
    'use strict';

    var SVG_NS = 'http://www.w3.org/2000/svg';
    var SEVERITIES = ['High', 'Medium', 'Low', 'Informational'];

    /* ---- building elements (text only) ------------------------------------------------------------- */

    function setAttrs(e, attrs) {
        if (!attrs) return;
        Object.keys(attrs).forEach(function (k) {
            var v = attrs[k];
            if (v === null || v === undefined || v === false) return;
            if (k === 'text') e.textContent = String(v);
            else if (k.indexOf('on') === 0 && typeof v === 'function') e.addEventListener(k.slice(2), v);
            else e.setAttribute(k, v === true ? '' : String(v));
        });
    }

    function append(e, children) {
        children.forEach(function (c) {
            if (Array.isArray(c)) { append(e, c); return; }
            if (c === null || c === undefined || c === false) return;
            e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
        });
    }

    /** An HTML element: el('td', {class: 'x'}, 'text', child, ...). */
    function el(tag, attrs) {
        var e = document.createElement(tag);
        setAttrs(e, attrs);
        append(e, Array.prototype.slice.call(arguments, 2));
        return e;
    }

    /** An SVG element. */
    function svg(tag, attrs) {
        var e = document.createElementNS(SVG_NS, tag);
        setAttrs(e, attrs);
        append(e, Array.prototype.slice.call(arguments, 2));
        return e;
    }

    function sevClass(sev) {
        return 'sev sev-' + String(sev || 'unknown').toLowerCase();
    }

    function badge(cls, label, value) {
        return el('span', {class: 'badge ' + cls, title: label}, value);
    }

    function time(iso) {
        if (!iso) return '';
        return String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
    }

    function shortTime(ms, spanMs) {
        var d = new Date(ms);
        var p = function (n) { return (n < 10 ? '0' : '') + n; };
        var day = p(d.getUTCMonth() + 1) + '-' + p(d.getUTCDate());
        var hm = p(d.getUTCHours()) + ':' + p(d.getUTCMinutes());
        if (spanMs < 10 * 60 * 1000) return hm + ':' + p(d.getUTCSeconds());
        return day + ' ' + hm;
    }

    function cut(text, n) {
        text = String(text === null || text === undefined ? '' : text);
        return text.length > n ? text.slice(0, n - 1) + '\u2026' : text;
    }

    /** An entity as written (a command line or path in its own case), else its key: what the analyst reads. */
    function entityText(e) {
        return e.type + ': ' + (e.value !== undefined && e.value !== null && e.value !== '' ? e.value : e.key);
    }

    /** The entity by its key (what matching used): for data attributes, the same whatever the record's case. */
    function entityKeyText(e) {
        return e.type + ':' + e.key;
    }

    /** The product's verdict and remediation status on an entity (Graph evidence), as text; null when none. */
    function entityDetails(e) {
        var parts = [];
        if (e.verdict) parts.push(el('span', {class: 'entity-verdict', title: 'Verdict of the product'}, 'verdict: ' + e.verdict));
        if (e.remediationStatus) {
            parts.push(el('span', {class: 'entity-remediation', title: 'Remediation status of the product'},
                'remediation: ' + e.remediationStatus));
        }
        if (!parts.length) return null;
        return el('span', {class: 'entity-details'}, ' (', parts.map(function (p, i) { return [i ? ', ' : '', p]; }), ')');
    }

    /** An entity in a list: the value as written, and the product's verdict and remediation where given. */
    function entityItem(e) {
        return el('li', {class: 'entity-item', 'data-entity': entityKeyText(e)}, el('code', null, entityText(e)), entityDetails(e));
    }

    function entityId(e) {
        return e.type + '\u0000' + e.key;
    }

    /* ---- the incident's header ---------------------------------------------------------------------- */

    function header(inc, opts) {
        var link = (opts && opts.linkIncident) || function () { return null; };
        var facts = el('dl', {class: 'facts'});
        function fact(name, value) {
            if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
            facts.appendChild(el('dt', null, name));
            facts.appendChild(el('dd', null, value));
        }
        function incidentLinks(ids) {
            return (ids || []).map(function (id, i) {
                var href = link(id);
                return [i ? ', ' : '', href ? el('a', {href: href}, id) : el('code', null, id)];
            });
        }
        fact('Tenant', inc.tenantId);
        fact('Alerts', String(inc.alertCount));
        fact('First activity', time(inc.firstActivityTime));
        fact('Last activity', time(inc.lastActivityTime));
        fact('Raised by', inc.raisedBy);
        fact('Merged incidents', incidentLinks(inc.mergedIncidentIds));
        fact('Continues', inc.continuesIncidentId ? incidentLinks([inc.continuesIncidentId]) : null);
        if (inc.mergedInto) fact('Merged into', incidentLinks([inc.mergedInto]));
        if (inc.followedBy) fact('Followed by', incidentLinks([inc.followedBy]));
        if (inc.reopenedFrom) fact('Reopened from', incidentLinks([inc.reopenedFrom]));
        fact('Id', el('code', null, inc.id));
        return el('header', {class: 'incident-header'},
            el('h2', {class: 'incident-title'}, inc.title),
            el('div', {class: 'badges'},
                badge(sevClass(inc.severity), 'Severity', inc.severity),
                badge('status', 'Status', inc.status),
                badge('kind', 'Kind', inc.kind),
                inc.state && inc.state !== 'live' ? badge('state', 'State', inc.state) : null,
                badge('owner', 'Owner', 'Owner: ' + (inc.owner || 'unassigned')),
                inc.classification ? badge('classification', 'Classification', inc.classification) : null),
            el('p', {class: 'tactics'}, 'Tactics: ', (inc.tactics || []).length
                ? inc.tactics.map(function (t, i) { return [i ? ' \u203a ' : '', el('span', {class: 'tactic'}, t)]; })
                : 'none'),
            facts,
            inc.description ? el('p', {class: 'description'}, inc.description) : null);
    }

    /* ---- the kill-chain timeline -------------------------------------------------------------------- */

    /** Lanes: the stages of the incident's alerts in kill-chain order, then "no stage" if needed. */
    function lanesOf(alerts, killChain) {
        var present = {};
        alerts.forEach(function (a) { present[a.stage || 0] = true; });
        var lanes = [];
        (killChain || []).forEach(function (s) {
            if (!present[s.stage]) return;
            // Name the lane by the tactics of the alerts in it (a stage may hold several tactics).
            var used = [];
            alerts.forEach(function (a) {
                if (a.stage !== s.stage) return;
                (a.tactics || []).forEach(function (t) {
                    if (s.tactics.indexOf(t) >= 0 && used.indexOf(t) < 0) used.push(t);
                });
            });
            lanes.push({stage: s.stage, label: (used.length ? used : s.tactics).join(' / ')});
        });
        if (present[0]) lanes.push({stage: 0, label: 'no tactic'});
        return lanes;
    }

    function timeline(model, onSelect) {
        var alerts = model.alerts || [];
        var lanes = lanesOf(alerts, model.killChain);
        var laneIndex = {};
        lanes.forEach(function (l, i) { laneIndex[l.stage] = i; });
        var times = alerts.map(function (a) { return Date.parse(a.eventTime); });
        var t0 = Math.min.apply(null, times.concat([Infinity]));
        var t1 = Math.max.apply(null, times.concat([-Infinity]));
        if (!isFinite(t0)) { t0 = 0; t1 = 1; }
        var pad = Math.max((t1 - t0) * 0.04, 30 * 1000);
        var full = {from: t0 - pad, to: t1 + pad};
        var view = {from: full.from, to: full.to};
        var W = 960, LEFT = 190, RIGHT = 20, LANE = 36, TOP = 10, AXIS = 34;
        var H = TOP + lanes.length * LANE + AXIS;
        var box = el('figure', {class: 'timeline'});
        var svgRoot = svg('svg', {class: 'timeline-svg', viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'group',
            'aria-label': 'Kill-chain timeline: ' + alerts.length + ' alerts in ' + lanes.length + ' lanes'});
        var byId = {};
        alerts.forEach(function (a, i) { byId[a.id] = i; });

        function x(t) {
            return LEFT + (t - view.from) / (view.to - view.from) * (W - LEFT - RIGHT);
        }

        function draw() {
            while (svgRoot.firstChild) svgRoot.removeChild(svgRoot.firstChild);
            lanes.forEach(function (l, i) {
                var y = TOP + i * LANE;
                svgRoot.appendChild(svg('rect', {class: 'lane ' + (i % 2 ? 'lane-odd' : 'lane-even'), x: LEFT, y: y,
                    width: W - LEFT - RIGHT, height: LANE}));
                svgRoot.appendChild(svg('text', {class: 'lane-label', x: LEFT - 8, y: y + LANE / 2 + 4,
                    'text-anchor': 'end'}, cut(l.label, 28)));
            });
            var axisY = TOP + lanes.length * LANE;
            svgRoot.appendChild(svg('line', {class: 'axis', x1: LEFT, x2: W - RIGHT, y1: axisY, y2: axisY}));
            var span = view.to - view.from;
            for (var k = 0; k <= 5; k++) {
                var t = view.from + span * k / 5;
                var tx = x(t);
                svgRoot.appendChild(svg('line', {class: 'tick', x1: tx, x2: tx, y1: TOP, y2: axisY + 4}));
                svgRoot.appendChild(svg('text', {class: 'tick-label', x: tx, y: axisY + 20,
                    'text-anchor': k === 0 ? 'start' : k === 5 ? 'end' : 'middle'}, shortTime(t, span)));
            }
            // Where each alert's mark sits; alerts at the same spot are stacked a little apart.
            var pos = {};
            var taken = {};
            alerts.forEach(function (a, i) {
                var t = times[i];
                if (t < view.from || t > view.to) return;
                var lane = laneIndex[a.stage || 0];
                var px = x(t);
                var key = lane + ':' + Math.round(px / 6);
                var n = taken[key] = (taken[key] || 0) + 1;
                var dy = ((n - 1) % 3 - 1) * 9;
                pos[a.id] = {x: px, y: TOP + lane * LANE + LANE / 2 + dy};
            });
            var seen = {};
            (model.incident.reasons || []).forEach(function (r) {
                var a = pos[r.earlierAlertId], b = pos[r.laterAlertId];
                var key = r.earlierAlertId + '\u0000' + r.laterAlertId;
                if (!a || !b || seen[key]) return;
                seen[key] = true;
                svgRoot.appendChild(svg('line', {class: 'link', x1: a.x, y1: a.y, x2: b.x, y2: b.y,
                    'data-from': r.earlierAlertId, 'data-to': r.laterAlertId},
                    svg('title', null, 'linked by ' + entityText(r.entity) + ' (' + r.rule + ')')));
            });
            alerts.forEach(function (a, i) {
                var p = pos[a.id];
                if (!p) return;
                var lane = lanes[laneIndex[a.stage || 0]];
                var mark = svg('circle', {class: 'mark ' + sevClass(a.severity), cx: p.x, cy: p.y, r: 7,
                    tabindex: 0, role: 'button', 'data-alert-id': a.id, 'data-lane': lane.label,
                    'aria-label': a.displayName + ', ' + a.severity + ', ' + time(a.eventTime) + ', ' + lane.label,
                    onclick: function () { if (onSelect) onSelect(i); },
                    onkeydown: function (ev) {
                        if ((ev.key === 'Enter' || ev.key === ' ') && onSelect) { ev.preventDefault(); onSelect(i); }
                    }},
                    svg('title', null, a.displayName + ' \u2014 ' + a.severity + ' \u2014 ' + time(a.eventTime)));
                svgRoot.appendChild(mark);
            });
            label.textContent = shortTime(view.from, span) + ' \u2013 ' + shortTime(view.to, span) + ' (UTC)';
        }

        function zoom(factor) {
            var mid = (view.from + view.to) / 2;
            var half = Math.max((view.to - view.from) * factor / 2, 5000);
            var fullHalf = (full.to - full.from) / 2;
            if (half > fullHalf) { view.from = full.from; view.to = full.to; }
            else { view.from = mid - half; view.to = mid + half; clamp(); }
            draw();
        }

        function pan(fraction) {
            var d = (view.to - view.from) * fraction;
            view.from += d;
            view.to += d;
            clamp();
            draw();
        }

        function clamp() {
            var w = view.to - view.from;
            if (view.from < full.from) { view.from = full.from; view.to = full.from + w; }
            if (view.to > full.to) { view.to = full.to; view.from = full.to - w; }
        }

        var label = el('span', {class: 'timeline-range'});
        var controls = el('div', {class: 'timeline-controls', role: 'toolbar', 'aria-label': 'Timeline zoom'},
            el('button', {type: 'button', class: 'zoom-in', onclick: function () { zoom(0.5); }}, 'Zoom in'),
            el('button', {type: 'button', class: 'zoom-out', onclick: function () { zoom(2); }}, 'Zoom out'),
            el('button', {type: 'button', class: 'pan-left', 'aria-label': 'Earlier', onclick: function () { pan(-0.25); }}, '\u2190 Earlier'),
            el('button', {type: 'button', class: 'pan-right', 'aria-label': 'Later', onclick: function () { pan(0.25); }}, 'Later \u2192'),
            el('button', {type: 'button', class: 'zoom-reset', onclick: function () { view.from = full.from; view.to = full.to; draw(); }}, 'Whole incident'),
            label);
        draw();
        box.appendChild(controls);
        box.appendChild(svgRoot);
        box.appendChild(el('figcaption', null, 'Each alert is a mark in the lane of its kill-chain stage, coloured by severity; ' +
            'lines join the alerts that were linked.'));
        return box;
    }

    /* ---- the entity graph ----------------------------------------------------------------------------- */

    function entityGraph(model, onSelect) {
        var inc = model.incident;
        var alerts = model.alerts || [];
        var strong = model.strongTypes || [];
        // Entities that linked alerts (the reasons), in order of first use; and the edges alert-entity.
        var linking = [], linkingIndex = {}, edges = [], edgeSeen = {};
        (inc.reasons || []).forEach(function (r) {
            var id = entityId(r.entity);
            if (!(id in linkingIndex)) { linkingIndex[id] = linking.length; linking.push(r.entity); }
            [r.earlierAlertId, r.laterAlertId].forEach(function (alertId) {
                var key = alertId + '\u0000' + id;
                if (edgeSeen[key]) { edgeSeen[key].rules[r.rule] = true; return; }
                var edge = {alertId: alertId, entity: id, rules: {}};
                edge.rules[r.rule] = true;
                edgeSeen[key] = edge;
                edges.push(edge);
            });
        });
        // Strong entities of the alerts that linked nothing: ruled out as evidence, or seen only once.
        var apart = [];
        (inc.entities || []).forEach(function (e) {
            if (strong.indexOf(e.type) >= 0 && !(entityId(e) in linkingIndex)) apart.push(e);
        });
        var ROW = 30, TOP = 20, W = 960, AX = 250, EX = 640;
        var rows = Math.max(alerts.length, linking.length, 1);
        var H = TOP * 2 + rows * ROW;
        var ay = function (i) { return TOP + i * ROW + ROW / 2 + (rows - alerts.length) * ROW / 2; };
        var ey = function (i) { return TOP + i * ROW + ROW / 2 + (rows - linking.length) * ROW / 2; };
        var root = svg('svg', {class: 'graph-svg', viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'group',
            'aria-label': 'Entity graph: ' + alerts.length + ' alerts, ' + linking.length + ' linking entities, ' +
                edges.length + ' links'});
        var alertIndex = {};
        alerts.forEach(function (a, i) { alertIndex[a.id] = i; });
        edges.forEach(function (e) {
            var i = alertIndex[e.alertId];
            if (i === undefined) return;
            root.appendChild(svg('line', {class: 'edge', x1: AX, y1: ay(i), x2: EX, y2: ey(linkingIndex[e.entity]),
                'data-alert-id': e.alertId, 'data-entity': e.entity.replace('\u0000', ':')},
                svg('title', null, Object.keys(e.rules).join(', '))));
        });
        alerts.forEach(function (a, i) {
            var g = svg('g', {class: 'node alert-node', 'data-alert-id': a.id, tabindex: 0, role: 'button',
                'aria-label': 'Alert ' + a.displayName,
                onclick: function () { if (onSelect) onSelect(i); },
                onkeydown: function (ev) {
                    if ((ev.key === 'Enter' || ev.key === ' ') && onSelect) { ev.preventDefault(); onSelect(i); }
                }},
                svg('title', null, a.displayName + ' \u2014 ' + time(a.eventTime)),
                svg('circle', {class: sevClass(a.severity), cx: AX, cy: ay(i), r: 8}),
                svg('text', {x: AX - 14, y: ay(i) + 4, 'text-anchor': 'end'}, cut(a.displayName, 34)));
            root.appendChild(g);
        });
        linking.forEach(function (e, i) {
            root.appendChild(svg('g', {class: 'node entity-node', 'data-entity': entityKeyText(e)},
                svg('title', null, entityText(e)),
                svg('rect', {x: EX - 8, y: ey(i) - 8, width: 16, height: 16, rx: 3}),
                svg('text', {x: EX + 14, y: ey(i) + 4}, cut(entityText(e), 40))));
        });
        var figure = el('figure', {class: 'graph'}, root,
            el('figcaption', null, 'Alerts (circles, by severity) and the entities that linked them (squares); ' +
                'each line is a reason the alerts were grouped.'));
        var apartBox = el('div', {class: 'entities-apart'},
            el('h4', null, 'Strong entities that linked nothing (' + apart.length + ')'),
            el('p', {class: 'hint'}, 'Ruled out as evidence (generic account, infrastructure, allow-listed, loopback\u2026) or seen in only one alert.'),
            apart.length ? el('ul', {class: 'apart-list'}, apart.map(function (e) {
                return el('li', {class: 'apart-entity', 'data-entity': entityKeyText(e)}, el('code', null, entityText(e)), entityDetails(e));
            })) : el('p', null, 'None.'));
        return el('div', {class: 'graph-box'}, figure, apartBox);
    }

    /* ---- alerts, reasons, history --------------------------------------------------------------------- */

    function alertList(model, prefix) {
        var alerts = model.alerts || [];
        return el('ol', {class: 'alert-list'}, alerts.map(function (a, i) {
            return el('li', {class: 'alert-item', id: prefix + 'alert-' + i, tabindex: -1, 'data-alert-id': a.id},
                el('div', {class: 'alert-head'},
                    el('span', {class: 'alert-time'}, time(a.eventTime)),
                    badge(sevClass(a.severity), 'Severity', a.severity),
                    el('strong', {class: 'alert-name'}, a.displayName)),
                el('dl', {class: 'alert-facts'},
                    el('dt', null, 'Tactics'),
                    el('dd', null, (a.tactics || []).length ? a.tactics.join(', ') : 'none',
                        a.tacticsFromTable ? el('span', {class: 'from-table', title: 'The alert came without tactics; ' +
                            'these are from rules/alert-tactics.csv'}, ' (from the tactic table)') : null),
                    el('dt', null, 'Type'), el('dd', null, a.alertType),
                    el('dt', null, 'Product'), el('dd', null, a.product || ''),
                    el('dt', null, 'Active'), el('dd', null, time(a.eventTime) + ' \u2013 ' + time(a.endTime)),
                    el('dt', null, 'Entities'),
                    el('dd', null, el('ul', {class: 'entity-list'}, (a.entities || []).map(entityItem))),
                    el('dt', null, 'Id'), el('dd', null, el('code', null, a.id))),
                a.description ? el('p', {class: 'alert-description'}, a.description) : null);
        }));
    }

    function reasons(model) {
        var names = {};
        (model.alerts || []).forEach(function (a) { names[a.id] = a.displayName; });
        var rs = model.incident.reasons || [];
        if (!rs.length) return el('p', null, 'No links.');
        return el('table', {class: 'reasons'},
            el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'Earlier alert'), el('th', {scope: 'col'}, 'Later alert'),
                el('th', {scope: 'col'}, 'Shared entity'), el('th', {scope: 'col'}, 'Rule'))),
            el('tbody', null, rs.map(function (r) {
                return el('tr', null,
                    el('td', null, names[r.earlierAlertId] || r.earlierAlertId),
                    el('td', null, names[r.laterAlertId] || r.laterAlertId),
                    el('td', null, el('code', null, entityText(r.entity))),
                    el('td', null, r.rule));
            })));
    }

    function history(model, opts) {
        var link = (opts && opts.linkIncident) || function () { return null; };
        var h = model.incident.history;
        if (!h) return null;
        if (!h.length) return el('p', null, 'No history yet.');
        function value(key, v) {
            if (v === null || v === undefined) return '\u2014';
            if (Array.isArray(v)) return v.map(function (x, i) { return [i ? ', ' : '', value(key, x)]; });
            if (typeof v === 'object') return JSON.stringify(v);
            var s = String(v);
            if (/incident|into|from|by|merged|continu/i.test(key) && /^[0-9a-f-]{36}$/i.test(s)) {
                var href = link(s);
                if (href) return el('a', {href: href}, s);
            }
            return s;
        }
        return el('table', {class: 'history'},
            el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'When'), el('th', {scope: 'col'}, 'Who'),
                el('th', {scope: 'col'}, 'What'), el('th', {scope: 'col'}, 'Details'))),
            el('tbody', null, h.map(function (e) {
                var d = e.details || {};
                return el('tr', null,
                    el('td', null, time(e.at)), el('td', null, e.actor), el('td', null, e.action),
                    el('td', null, el('dl', {class: 'details'}, Object.keys(d).map(function (k) {
                        return [el('dt', null, k), el('dd', null, value(k, d[k]))];
                    }))));
            })));
    }

    /** The whole incident: header, timeline, graph, alerts, reasons, history. */
    function incident(model, opts) {
        opts = opts || {};
        var prefix = opts.idPrefix || '';
        function select(i) {
            var target = document.getElementById(prefix + 'alert-' + i);
            if (!target) return;
            target.classList.add('selected');
            setTimeout(function () { target.classList.remove('selected'); }, 1500);
            target.focus();
            if (target.scrollIntoView) target.scrollIntoView({block: 'center'});
        }
        function section(cls, title, body) {
            return body ? el('section', {class: cls}, el('h3', null, title), body) : null;
        }
        return el('article', {class: 'incident'},
            header(model.incident, opts),
            opts.beforeBody || null,
            section('timeline-section', 'Kill-chain timeline', timeline(model, select)),
            section('graph-section', 'Entity graph', entityGraph(model, select)),
            section('alerts-section', 'Alerts (' + (model.alerts || []).length + ')', alertList(model, prefix)),
            section('reasons-section', 'Why these alerts are one incident', reasons(model)),
            section('history-section', 'History', history(model, opts)));
    }

    /* ---- the report (replay --html, test --html) -------------------------------------------------------- */

    function countTable(title, counts, order) {
        var keys = order ? order.filter(function (k) { return k in counts; }) : Object.keys(counts).sort();
        return el('table', {class: 'counts'},
            el('caption', null, title),
            el('tbody', null, keys.map(function (k) {
                return el('tr', null, el('th', {scope: 'row'}, k), el('td', null, String(counts[k])));
            })));
    }

    /** The incidents, each closed and drawn when opened (a report may hold hundreds); open: all open at once. */
    function reportIncidentList(data, items, prefix, open) {
        function modelOf(item) {
            return {incident: item.incident, alerts: item.alerts, killChain: data.killChain, strongTypes: data.strongTypes};
        }
        var ids = {};
        items.forEach(function (it) { ids[it.incident.id] = true; });
        var link = function (id) { return ids[id] ? '#' + prefix + 'inc-' + id : null; };
        return el('div', {class: 'report-incidents'}, items.map(function (item, n) {
            var inc = item.incident;
            var details = el('details', {class: 'report-incident', id: prefix + 'inc-' + inc.id},
                el('summary', null,
                    badge(sevClass(inc.severity), 'Severity', inc.severity), ' ',
                    el('span', {class: 'kind'}, inc.kind), ' ',
                    el('span', {class: 'report-title'}, inc.title), ' ',
                    el('span', {class: 'muted'}, inc.alertCount + ' alerts, ' + time(inc.firstActivityTime))));
            var drawn = false;
            function draw() {
                if (drawn || !details.open) return;
                drawn = true;
                details.appendChild(incident(modelOf(item), {idPrefix: prefix + n + '-', linkIncident: link}));
            }
            details.addEventListener('toggle', draw);
            if (open) { details.open = true; draw(); }
            return details;
        }));
    }

    function report(root, data) {
        var s = data.summary || {};
        root.appendChild(el('header', {class: 'report-header'},
            el('h1', null, data.title || 'alert-correlator report'),
            data.subtitle ? el('p', {class: 'muted'}, data.subtitle) : null));
        if (data.mode === 'scenario') {
            root.appendChild(el('section', {class: 'scenario-summary'},
                data.description ? el('p', null, data.description) : null,
                el('h2', null, 'What differed'),
                el('ul', {class: 'differences'}, (data.differences || []).map(function (d) { return el('li', null, d); })),
                data.error ? el('p', {class: 'error'}, data.error) : null));
            root.appendChild(el('div', {class: 'side-by-side'},
                el('section', {class: 'expected'},
                    el('h2', null, 'Expected (' + (data.expected || []).length + ')'),
                    el('ol', {class: 'expected-list'}, (data.expected || []).map(function (e) {
                        return el('li', {class: 'expected-incident'},
                            el('dl', {class: 'facts'},
                                el('dt', null, 'Alerts'), el('dd', null, e.alertIds.join(', ')),
                                e.kind ? [el('dt', null, 'Kind'), el('dd', null, e.kind)] : null,
                                e.severity ? [el('dt', null, 'Severity'), el('dd', null, e.severity)] : null,
                                e.tactics && e.tactics.length ? [el('dt', null, 'Tactics'), el('dd', null, e.tactics.join(', '))] : null));
                    }))),
                el('section', {class: 'raised'},
                    el('h2', null, 'Raised (' + (data.incidents || []).length + ')'),
                    reportIncidentList(data, data.incidents || [], 'r-', true))));
        } else {
            root.appendChild(el('section', {class: 'summary'},
                el('h2', null, 'Summary'),
                el('p', {class: 'summary-line'}, s.line || ''),
                el('dl', {class: 'facts'},
                    el('dt', null, 'Alerts read'), el('dd', {class: 'alerts-read'}, String(s.alertsRead)),
                    el('dt', null, 'Rejected'), el('dd', null, String(s.rejected)),
                    el('dt', null, 'Duplicates'), el('dd', null, String(s.duplicates)),
                    el('dt', null, 'Ruled out'), el('dd', {class: 'ruled-out'}, String(s.ruledOut)),
                    el('dt', null, 'Incidents'), el('dd', {class: 'incident-count'}, String((data.incidents || []).length)),
                    el('dt', null, 'Rules'), el('dd', null, el('code', null, data.rulesVersion || ''))),
                el('div', {class: 'count-tables'},
                    countTable('Incidents by kind', s.byKind || {}),
                    countTable('Incidents by severity', s.bySeverity || {}, SEVERITIES))));
            root.appendChild(el('section', {class: 'incidents'},
                el('h2', null, 'Incidents'),
                el('p', {class: 'hint'}, 'Open an incident to see its timeline, entity graph, alerts and reasons.'),
                reportIncidentList(data, data.incidents || [], '')));
        }
    }

    global.ACR = {
        el: el, svg: svg, time: time, sevClass: sevClass, badge: badge,
        header: header, timeline: timeline, entityGraph: entityGraph, alertList: alertList, reasons: reasons,
        history: history, incident: incident, report: report, lanesOf: lanesOf
    };

    // In a report, the data sits in the page as JSON (text, not code) and is drawn once the page is read.
    var data = typeof document !== 'undefined' && document.getElementById('report-data');
    if (data) {
        var start = function () { report(document.getElementById('report'), JSON.parse(data.textContent)); };
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
    }
}(this));
