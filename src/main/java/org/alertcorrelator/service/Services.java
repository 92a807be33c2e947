package org.alertcorrelator.service;

import java.util.function.LongSupplier;

import org.alertcorrelator.service.auth.TokenStore;
import org.alertcorrelator.store.Store;

/** The parts of a running service the HTTP layer works with. */
public record Services(ServiceConfig config, Store store, AlertIngest ingest, LiveEngine engine, RuleManager rules,
                       IncidentWriter writer, Metrics metrics, TokenStore tokens, LongSupplier wallClock) {
}
