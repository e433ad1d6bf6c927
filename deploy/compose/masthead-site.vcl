# The containers' half of deploy/varnish/masthead.vcl (compose.yaml mounts both): two app
# nodes round robin, probed on /health/; /media/ from the bucket's public prefix; purges
# from the app containers (names resolved when Varnish loads the VCL).
import directors;

backend web_a { .host = "web-a"; .port = "8000";
  .probe = { .url = "/health/"; .interval = 2s; .timeout = 1s; .window = 3; .threshold = 2; } }
backend web_b { .host = "web-b"; .port = "8000";
  .probe = { .url = "/health/"; .interval = 2s; .timeout = 1s; .window = 3; .threshold = 2; } }
backend bucket { .host = "seaweedfs"; .port = "8333"; }

acl masthead_purgers { "web-a"; "web-b"; "worker"; "scheduler"; }

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(web_a);
    nodes.add_backend(web_b);
}

sub masthead_route {
    if (req.url ~ "^/media/") {
        set req.backend_hint = bucket;
        set req.url = regsub(req.url, "^/media/", "/masthead/public/");
        set req.http.X-Masthead-Static = "1";
        return;
    }
    set req.backend_hint = nodes.backend();
}
