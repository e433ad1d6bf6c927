# The machine-specific half of deploy/varnish/masthead.vcl for one app server: where the
# app answers, who may purge, and how a request picks its backend. Copy and edit per site;
# varnishd finds it on vcl_path (-p vcl_path=/etc/varnish:/opt/masthead/deploy/varnish).

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # A failing probe makes Varnish serve the last good pages (grace) instead of errors.
    .probe = {
        .url = "/health/";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# The app servers and task workers that send PURGE and BAN.
acl masthead_purgers {
    "127.0.0.1";
    "::1";
}

sub masthead_route {
    set req.backend_hint = app;
}
