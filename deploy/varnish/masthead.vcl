vcl 4.1;
# Masthead's production cache: Varnish 7 with vmod_xkey (Debian: varnish, varnish-modules).
#
# Anonymous pages are kept for hours (the app's Surrogate-Control), because every change
# purges exactly the pages that show it: the app sends `PURGE /` with an `xkey` header naming
# the changed things' surrogate keys (masthead/core/purging.py); Varnish drops every object
# whose `xkey` response header names one of them. Readers get the last good page while the
# app is down (grace), concurrent misses of one page wait for one fetch (request collapsing),
# and what belongs to one reader is never stored.
#
# The machine-specific part lives in masthead-site.vcl (backends, who may purge, routing),
# found on vcl_path: deploy/varnish/masthead-site.vcl for one app server; the compose file and
# the tests bring their own (docs/deployment.md "Varnish and CDNs").
import std;
import xkey;

include "masthead-site.vcl";

sub vcl_recv {
    # Purges: only from the app's machines (acl masthead_purgers in masthead-site.vcl).
    if (req.method == "PURGE") {
        if (client.ip !~ masthead_purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header"));
        }
        # A hard purge: no purged object is ever served again, not even in grace.
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method == "BAN") {
        # The operator's "purge everything" (manage.py purge_cache --all).
        if (client.ip !~ masthead_purgers) {
            return (synth(403, "Forbidden"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    unset req.http.X-Masthead-Cookie;
    unset req.http.X-Masthead-Static;
    unset req.http.Surrogate-Capability;
    # A part being stitched into a page (esi_level > 0): if it cannot be had, the page goes
    # out without it (vcl_backend_response, vcl_backend_error, vcl_synth below).
    if (req.esi_level > 0) {
        set req.http.X-Masthead-Part = "1";
    } else {
        unset req.http.X-Masthead-Part;
    }
    call masthead_route;
    if (req.url ~ "^/static/") {
        set req.http.X-Masthead-Static = "1";
    }
    if (req.http.X-Masthead-Static) {
        unset req.http.Cookie;
        unset req.http.Authorization;
        return (hash);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|api|health|metrics|private-files)(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # A reader who has just written (a comment, a contribution) reads from the app and its
    # primary database for a short while (read-your-writes, masthead/core/replicas.py).
    if (req.http.Cookie ~ "(^|;\s*)mh_primary=") {
        return (pass);
    }
    # Stale-while-revalidate while the app answers; while it does not (its probe failed),
    # the last good copy for as long as grace keeps it (stale-if-error).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    # Anonymous and signed-in readers share one copy of a page: the app builds shared pages
    # without reading the session (per-reader parts are fragments). The cookie is set aside,
    # not lost: a miss hands it to the app (vcl_backend_fetch), and an answer that depends on
    # it (Set-Cookie, private, no-store, Vary: Cookie) is never stored.
    if (req.http.Cookie) {
        set req.http.X-Masthead-Cookie = req.http.Cookie;
        unset req.http.Cookie;
    }
    # We stitch Edge Side Includes: the app may leave a part that goes stale more often than
    # its page (an article's related list) to an include of its own (masthead/core/esi.py).
    # Set here, never taken from the client: only what Varnish stores may hold includes.
    set req.http.Surrogate-Capability = {"masthead="ESI/1.0""};
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Masthead-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Masthead-Cookie;
    }
    unset bereq.http.X-Masthead-Cookie;
}

sub vcl_backend_response {
    # Varnish stitches an included part's body in whatever its status (7.1), or cuts the page
    # short (7.3+): a part the app could not answer becomes an empty one, never stored.
    if (bereq.http.X-Masthead-Part && beresp.status != 200) {
        return (error(503, "Part unavailable"));
    }
    if (bereq.http.X-Masthead-Static) {
        if (beresp.status == 200 && !beresp.http.Set-Cookie) {
            set beresp.ttl = 1h;
            set beresp.grace = 24h;
            return (deliver);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # A page with includes (esi.py marks it in Surrogate-Control): Varnish fetches each
    # included part as an object of its own, purged by its own keys.
    if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
        set beresp.do_esi = true;
        set beresp.http.X-Masthead-ESI = "1";
    }
    # Only what the app marks shared (cacheable(): Surrogate-Control) is stored, and never
    # anything that belongs to one reader.
    if (beresp.status != 200
        || !beresp.http.Surrogate-Control
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Vary ~ "(?i)cookie") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    set beresp.ttl = std.duration(
        regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
    # Kept past its TTL to answer while the app is down (req.grace limits it to a minute
    # while the app answers).
    set beresp.grace = 24h;
    unset beresp.http.Surrogate-Control;
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.http.X-Masthead-Part) {
        set beresp.status = 200;
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        synthetic("");
        return (deliver);
    }
}

sub vcl_synth {
    if (req.esi_level > 0) {
        set resp.status = 200;
        synthetic("");
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys and the proxy's own lifetime are for caches, not readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
    # The page's validators are its own, not of the parts stitched in: a 304 on them could
    # keep a reader on a related list that has since changed.
    if (resp.http.X-Masthead-ESI) {
        unset resp.http.ETag;
        unset resp.http.Last-Modified;
        unset resp.http.X-Masthead-ESI;
    }
    if (obj.uncacheable) {
        set resp.http.X-Proxy-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}
