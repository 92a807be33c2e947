/*
 * alert-correlator web view: sign-in, incident queue, incident page, rules page. Talks only to this service's
 * HTTP API, with the token kept in sessionStorage (this browser tab's session; never in a URL). Drawing of
 * incidents is render.js's (shared with the replay --html report).
 */
(function () {
    'use strict';

    var el = ACR.el;
    var TOKEN_KEY = 'alertcorrelator.token';
    var PAGE_SIZE = 50;
    var REFRESH_MS = 5000;
    var main = document.getElementById('main');
    var nav = document.getElementById('nav');
    var refreshTimer = null;

    /* ---- the API --------------------------------------------------------------------------------------- */

    function token() {
        return sessionStorage.getItem(TOKEN_KEY);
    }

    function api(method, path, body, headers) {
        var h = {'Accept': 'application/json', 'Authorization': 'Bearer ' + token()};
        Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
        var init = {method: method, headers: h, cache: 'no-store', credentials: 'omit'};
        if (body !== undefined) {
            h['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        return fetch(path, init).then(function (r) {
            return r.text().then(function (text) {
                var json = null;
                try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
                if (r.status === 401) {
                    signOut('Your token was refused: ' + ((json && json.error) || 'sign in again') + '.');
                    throw new Error('signed out');
                }
                return {status: r.status, ok: r.ok, json: json, etag: r.headers.get('ETag')};
            });
        });
    }

    function errorText(res) {
        return (res.json && res.json.error) || ('HTTP ' + res.status);
    }

    /* ---- navigation ------------------------------------------------------------------------------------ */

    function route() {
        if (refreshTimer) { clearInterval(refreshTimer); refreshTimer = null; }
        if (!token()) { showSignIn(); return; }
        drawNav();
        var hash = location.hash || '#/queue';
        var m;
        if ((m = /^#\/incident\/([^?]+)/.exec(hash))) showIncident(decodeURIComponent(m[1]));
        else if (hash.indexOf('#/rules') === 0) showRules();
        else showQueue(parseQuery(hash.split('?')[1] || ''));
    }

    function parseQuery(q) {
        var out = {};
        q.split('&').forEach(function (kv) {
            if (!kv) return;
            var i = kv.indexOf('=');
            var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
            out[k] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' '));
        });
        return out;
    }

    function toQuery(o) {
        return Object.keys(o).filter(function (k) { return o[k] !== '' && o[k] !== null && o[k] !== undefined; })
            .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(o[k]); }).join('&');
    }

    function drawNav() {
        nav.textContent = '';
        nav.appendChild(el('a', {href: '#/queue', id: 'nav-queue'}, 'Incidents'));
        nav.appendChild(el('a', {href: '#/rules', id: 'nav-rules'}, 'Rules'));
        nav.appendChild(el('button', {type: 'button', id: 'sign-out', onclick: function () { signOut(); }}, 'Sign out'));
    }

    function setMain(title) {
        main.textContent = '';
        document.title = title + ' \u2014 alert-correlator';
        var h = el('h1', {tabindex: -1}, title);
        main.appendChild(h);
        return h;
    }

    function message(cls, text) {
        return el('p', {class: 'message ' + cls, role: cls === 'error' ? 'alert' : 'status'}, text);
    }

    /* ---- sign-in ----------------------------------------------------------------------------------------- */

    function signOut(why) {
        sessionStorage.removeItem(TOKEN_KEY);
        showSignIn(why);
    }

    function showSignIn(why) {
        nav.textContent = '';
        var h = setMain('Sign in');
        var input = el('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true,
            'aria-describedby': 'token-help'});
        var status = el('div', {id: 'signin-status', 'aria-live': 'polite'}, why ? message('error', why) : null);
        var form = el('form', {id: 'signin', class: 'signin'},
            el('label', {for: 'token'}, 'API token (role analyst or admin)'),
            input,
            el('p', {id: 'token-help', class: 'hint'}, 'The token stays in this browser tab only, until you sign out or close it.'),
            el('button', {type: 'submit', id: 'signin-button'}, 'Sign in'),
            status);
        form.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var t = input.value.trim();
            if (!t) return;
            fetch('/api/incidents?limit=1', {headers: {'Authorization': 'Bearer ' + t, 'Accept': 'application/json'},
                cache: 'no-store', credentials: 'omit'})
                .then(function (r) {
                    return r.json().catch(function () { return {}; }).then(function (j) {
                        if (r.ok) {
                            sessionStorage.setItem(TOKEN_KEY, t);
                            if (!location.hash || location.hash.indexOf('#/signin') === 0) location.hash = '#/queue';
                            else route();
                        } else {
                            status.textContent = '';
                            status.appendChild(message('error', 'Not signed in: ' + (j.error || 'HTTP ' + r.status)));
                        }
                    });
                })
                .catch(function (e) {
                    status.textContent = '';
                    status.appendChild(message('error', 'The service did not answer: ' + e.message));
                });
        });
        main.appendChild(form);
        input.focus();
        return h;
    }

    /* ---- the queue --------------------------------------------------------------------------------------- */

    var FILTERS = [
        {name: 'status', label: 'Status', options: ['', 'New', 'Active', 'Closed']},
        {name: 'severity', label: 'Severity', options: ['', 'High', 'Medium', 'Low', 'Informational']},
        {name: 'kind', label: 'Kind', options: ['', 'KillChain', 'SharedContext']},
        {name: 'tenant', label: 'Tenant'},
        {name: 'since', label: 'Active since (UTC)', placeholder: '2026-01-15T00:00:00Z'},
        {name: 'until', label: 'Active until (UTC)', placeholder: '2026-01-16T00:00:00Z'},
        {name: 'entity', label: 'Entity', placeholder: 'host, account, IP\u2026'}
    ];

    function showQueue(q) {
        setMain('Incidents');
        var offset = Math.max(0, parseInt(q.offset || '0', 10) || 0);
        var form = el('form', {id: 'filters', class: 'filters', role: 'search'});
        FILTERS.forEach(function (f) {
            var id = 'filter-' + f.name;
            var input;
            if (f.options) {
                input = el('select', {id: id, name: f.name}, f.options.map(function (o) {
                    return el('option', {value: o, selected: (q[f.name] || '') === o}, o || 'any');
                }));
            } else {
                input = el('input', {id: id, name: f.name, type: 'text', value: q[f.name] || '', placeholder: f.placeholder || ''});
            }
            form.appendChild(el('div', {class: 'filter'}, el('label', {for: id}, f.label), input));
        });
        form.appendChild(el('div', {class: 'filter buttons'},
            el('button', {type: 'submit', id: 'apply-filters'}, 'Apply'),
            el('button', {type: 'button', id: 'clear-filters', onclick: function () { location.hash = '#/queue'; }}, 'Clear')));
        form.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var o = {};
            FILTERS.forEach(function (f) { o[f.name] = form.elements[f.name].value.trim(); });
            location.hash = '#/queue?' + toQuery(o);
        });
        var status = el('div', {id: 'queue-status', 'aria-live': 'polite'});
        var tableBox = el('div', {id: 'queue-box'});
        var pager = el('nav', {class: 'pager', 'aria-label': 'Pages'});
        main.appendChild(form);
        main.appendChild(status);
        main.appendChild(tableBox);
        main.appendChild(pager);
        main.appendChild(el('p', {class: 'hint'}, 'Keys: j / k move between incidents, Enter opens one, / goes to the filters.'));

        var params = {};
        FILTERS.forEach(function (f) { if (q[f.name]) params[f.name] = q[f.name]; });
        params.limit = PAGE_SIZE;
        params.offset = offset;
        var signature = null;
        var started = performance.now();

        function load(first) {
            return api('GET', '/api/incidents?' + toQuery(params)).then(function (res) {
                if (!res.ok) {
                    status.textContent = '';
                    status.appendChild(message('error', errorText(res)));
                    return;
                }
                var sig = JSON.stringify([res.json.total, res.json.items.map(function (i) { return [i.id, i.version]; })]);
                if (sig === signature) return;
                signature = sig;
                drawTable(res.json);
                drawPager(res.json.total);
                status.textContent = '';
                var shown = res.json.items.length;
                status.appendChild(el('p', {class: 'queue-count'},
                    res.json.total + ' incidents' + (shown ? ', showing ' + (offset + 1) + '\u2013' + (offset + shown) : '') +
                    (first ? '' : ' (refreshed ' + new Date().toISOString().slice(11, 19) + ' UTC)')));
                if (first) {
                    main.setAttribute('data-load-ms', String(Math.round(performance.now() - started)));
                    // For the queue benchmark: when the first queue of this page load was drawn.
                    if (!performance.getEntriesByName('queue-drawn').length) performance.mark('queue-drawn');
                }
            });
        }

        function drawTable(page) {
            var focusedId = document.activeElement && document.activeElement.getAttribute('data-incident-id');
            tableBox.textContent = '';
            if (!page.items.length) {
                tableBox.appendChild(el('p', {class: 'empty'}, 'No incidents match.'));
                return;
            }
            var cols = ['Severity', 'Status', 'Kind', 'Title', 'Tenant', 'Alerts', 'Tactics', 'First activity', 'Last activity', 'Owner'];
            var table = el('table', {id: 'queue', class: 'queue'},
                el('caption', {class: 'visually-hidden'}, 'Incidents, newest first'),
                el('thead', null, el('tr', null, cols.map(function (c) { return el('th', {scope: 'col'}, c); }))),
                el('tbody', null, page.items.map(function (i) {
                    var link = el('a', {href: '#/incident/' + encodeURIComponent(i.id), class: 'incident-link',
                        'data-incident-id': i.id}, i.title);
                    return el('tr', {class: 'incident-row', 'data-incident-id': i.id, 'data-severity': i.severity},
                        el('td', null, ACR.badge(ACR.sevClass(i.severity), 'Severity', i.severity)),
                        el('td', {class: 'col-status'}, i.status),
                        el('td', null, i.kind),
                        el('td', {class: 'col-title'}, link),
                        el('td', {class: 'col-tenant'}, el('code', null, i.tenantId)),
                        el('td', {class: 'num'}, String(i.alertCount)),
                        el('td', {class: 'col-tactics'}, (i.tactics || []).join(', ')),
                        el('td', null, ACR.time(i.firstActivityTime)),
                        el('td', null, ACR.time(i.lastActivityTime)),
                        el('td', {class: 'col-owner'}, i.owner || ''));
                })));
            tableBox.appendChild(table);
            if (focusedId) {
                var again = tableBox.querySelector('a[data-incident-id="' + CSS.escape(focusedId) + '"]');
                if (again) again.focus();
            }
        }

        function drawPager(total) {
            pager.textContent = '';
            var base = {};
            FILTERS.forEach(function (f) { if (q[f.name]) base[f.name] = q[f.name]; });
            function to(off) {
                var o = Object.assign({}, base);
                if (off) o.offset = off;
                return '#/queue?' + toQuery(o);
            }
            if (offset > 0) pager.appendChild(el('a', {href: to(Math.max(0, offset - PAGE_SIZE)), id: 'prev-page', rel: 'prev'}, '\u2190 Newer'));
            var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
            pager.appendChild(el('span', {class: 'page-of'}, ' Page ' + (Math.floor(offset / PAGE_SIZE) + 1) + ' of ' + pages + ' '));
            if (offset + PAGE_SIZE < total) pager.appendChild(el('a', {href: to(offset + PAGE_SIZE), id: 'next-page', rel: 'next'}, 'Older \u2192'));
        }

        load(true);
        refreshTimer = setInterval(function () { load(false).catch(function () {}); }, REFRESH_MS);
    }

    // Keyboard: j/k through the queue's incidents, "/" to the filters.
    document.addEventListener('keydown', function (ev) {
        var tag = (ev.target && ev.target.tagName) || '';
        if (/INPUT|SELECT|TEXTAREA/.test(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
        var links = Array.prototype.slice.call(document.querySelectorAll('#queue a.incident-link'));
        if (ev.key === '/') {
            var first = document.getElementById('filter-status');
            if (first) { ev.preventDefault(); first.focus(); }
            return;
        }
        if (!links.length || (ev.key !== 'j' && ev.key !== 'k')) return;
        var at = links.indexOf(document.activeElement);
        var next = ev.key === 'j' ? Math.min(links.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
        ev.preventDefault();
        links[next].focus();
    });

    /* ---- the incident page ------------------------------------------------------------------------------- */

    /** The incident page; keep: an edit to put back in the form; notice: a line to show under it. */
    function showIncident(id, keep, notice) {
        var h = setMain('Incident');
        var box = el('div', {id: 'incident-box'}, message('info', 'Loading\u2026'));
        main.appendChild(el('p', null, el('a', {href: '#/queue', id: 'back-to-queue'}, '\u2190 Incidents')));
        main.appendChild(box);
        api('GET', '/api/incidents/' + encodeURIComponent(id) + '/view').then(function (res) {
            box.textContent = '';
            if (!res.ok) { box.appendChild(message('error', errorText(res))); return; }
            var model = res.json;
            document.title = model.incident.title + ' \u2014 alert-correlator';
            var actions = actionsForm(model.incident, keep);
            box.appendChild(ACR.incident(model, {
                linkIncident: function (other) { return '#/incident/' + encodeURIComponent(other); },
                beforeBody: actions
            }));
            if (notice) document.getElementById('action-result').appendChild(message('ok', notice));
            h.focus();
        });
    }

    function actionsForm(inc, keep) {
        var version = inc.version;
        function select(name, label, options, value) {
            var id = 'action-' + name;
            return el('div', {class: 'field'}, el('label', {for: id}, label),
                el('select', {id: id, name: name}, options.map(function (o) {
                    return el('option', {value: o, selected: (value || '') === o}, o || '(none)');
                })));
        }
        var k = keep || {};
        var form = el('form', {id: 'actions', class: 'actions', 'aria-label': 'Change this incident'},
            el('h3', null, 'Actions'),
            el('div', {class: 'fields'},
                select('status', 'Status', ['New', 'Active', 'Closed'], k.status || inc.status),
                select('classification', 'Classification', ['', 'TruePositive', 'BenignPositive', 'FalsePositive', 'Undetermined'],
                    k.classification !== undefined ? k.classification : inc.classification),
                el('div', {class: 'field'}, el('label', {for: 'action-owner'}, 'Owner'),
                    el('input', {id: 'action-owner', name: 'owner', type: 'text', maxlength: 256,
                        value: k.owner !== undefined ? k.owner : (inc.owner || '')})),
                el('div', {class: 'field wide'}, el('label', {for: 'action-comment'}, 'Comment'),
                    el('textarea', {id: 'action-comment', name: 'comment', rows: 2, maxlength: 10000}, k.comment || ''))),
            el('button', {type: 'submit', id: 'save-actions'}, 'Save'),
            el('span', {class: 'version muted'}, ' version ' + version));
        var status = el('div', {id: 'action-result', 'aria-live': 'polite'});
        form.appendChild(status);
        form.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var f = form.elements;
            var wanted = {status: f.status.value, classification: f.classification.value, owner: f.owner.value.trim(),
                comment: f.comment.value};
            var body = {};
            if (wanted.status !== inc.status) body.status = wanted.status;
            if (wanted.classification && wanted.classification !== (inc.classification || '')) body.classification = wanted.classification;
            if (wanted.owner !== (inc.owner || '')) body.owner = wanted.owner || null;
            if (wanted.comment.trim()) body.comment = wanted.comment;
            status.textContent = '';
            if (!Object.keys(body).length) { status.appendChild(message('info', 'Nothing to change.')); return; }
            api('PATCH', '/api/incidents/' + encodeURIComponent(inc.id), body, {'If-Match': '"' + version + '"'})
                .then(function (res) {
                    if (res.ok) {
                        showIncident(inc.id, null, 'Saved: version ' + res.json.version + '.');
                        return;
                    }
                    if (res.status === 412) {
                        status.appendChild(el('div', {class: 'message conflict', role: 'alert', id: 'conflict'},
                            el('strong', null, 'Conflict: '),
                            'someone changed this incident after you opened it (you had version ' + version +
                            '). Your edit was not saved and is kept in the form. ',
                            el('button', {type: 'button', id: 'reload-keep', onclick: function () { showIncident(inc.id, wanted); }},
                                'Load the current incident and keep my edit')));
                        return;
                    }
                    status.appendChild(message('error', 'Not saved: ' + errorText(res)));
                });
        });
        return form;
    }

    /* ---- the rules page ------------------------------------------------------------------------------------ */

    function showRules() {
        setMain('Rules');
        var box = el('div', {id: 'rules-box'}, message('info', 'Loading\u2026'));
        main.appendChild(box);
        api('GET', '/api/rules').then(function (res) {
            box.textContent = '';
            if (!res.ok) { box.appendChild(message('error', errorText(res))); return; }
            var r = res.json, b = r.lastBuild || {};
            var result = el('div', {id: 'reload-status', 'aria-live': 'polite'});
            box.appendChild(el('dl', {class: 'facts'},
                el('dt', null, 'Running version'), el('dd', {id: 'rules-version'}, el('code', null, r.version)),
                el('dt', null, 'Directory'), el('dd', null, el('code', null, r.directory)),
                el('dt', null, 'Loaded'), el('dd', null, ACR.time(r.loadedAt)),
                el('dt', null, 'Reloads'), el('dd', null, r.reloads + ' (' + r.reloadFailures + ' failed)'),
                el('dt', null, 'Last build'), el('dd', {id: 'last-build'}, (b.ok ? 'built' : 'FAILED') + ' at ' + ACR.time(b.at) +
                    (b.version ? ', version ' + b.version : '') + ' in ' + b.buildMillis + ' ms')));
            if ((b.problems || []).length) {
                box.appendChild(el('h3', null, 'Problems of the last build'));
                box.appendChild(problemList(b.problems));
            }
            box.appendChild(el('h3', null, 'Files'));
            box.appendChild(el('table', {class: 'files'},
                el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'File'), el('th', {scope: 'col'}, 'Bytes'))),
                el('tbody', null, (r.files || []).map(function (f) {
                    return el('tr', null, el('td', null, el('code', null, f.name)), el('td', {class: 'num'}, String(f.bytes)));
                }))));
            box.appendChild(el('p', null, el('button', {type: 'button', id: 'reload-rules', onclick: function (ev) {
                ev.target.disabled = true;
                result.textContent = '';
                result.appendChild(message('info', 'Building and replaying the live window\u2026'));
                api('POST', '/api/rules/reload').then(function (res) {
                    ev.target.disabled = false;
                    result.textContent = '';
                    var o = res.json || {};
                    if (res.ok) {
                        result.appendChild(message('ok', o.reloaded ? 'Reloaded: version ' + o.version + ' (was ' + o.previousVersion +
                            '), ' + o.replayedAlerts + ' alerts replayed.' : (o.message || 'Unchanged.')));
                    } else {
                        result.appendChild(message('error', errorText(res)));
                        if ((o.problems || []).length) result.appendChild(problemList(o.problems));
                    }
                });
            }}, 'Reload the rules'), ' (admin)'));
            box.appendChild(result);
        });
    }

    function problemList(problems) {
        return el('ul', {class: 'problems'}, problems.map(function (p) { return el('li', null, el('code', null, p)); }));
    }

    window.addEventListener('hashchange', route);
    route();
}());
