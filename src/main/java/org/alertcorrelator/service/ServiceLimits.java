package org.alertcorrelator.service;

import java.time.Duration;

/**
 * What one client or one record may cost the service (issue 7's hardening settings, see {@link Setting}).
 *
 * @param maxEntitiesPerAlert entities kept per alert (the rest are left out with a warning)
 * @param maxClockSkew        how far ahead of the wall clock an alert may be dated
 * @param maxUploadsPerToken  POST /api/alerts requests one token may have in flight
 * @param requestReadTimeout  longest wait for the next bytes of a request
 * @param minRequestRate      slowest request body accepted, bytes per second
 */
public record ServiceLimits(int maxEntitiesPerAlert, Duration maxClockSkew, int maxUploadsPerToken,
                            Duration requestReadTimeout, long minRequestRate) {
}
