# A sample dcloud service: HTTPS with its own certificate (cert.pem/key.pem, made by you) on 8443,
# HTTP on 8080 and a line echo on 9000 (forwarded). Runs as nobody in a bubblewrap sandbox.
import http.server, os, socketserver, ssl, threading
class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("hello from contract " + os.environ.get("DCLOUD_CONTRACT", "?") + " " + os.environ.get("GREETING", "") + "\n").encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(b"echo " + line)
def serve_https():
    httpd = http.server.ThreadingHTTPServer(("0.0.0.0", 8443), Hello)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain("cert.pem", "key.pem")
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True); httpd.serve_forever()
threading.Thread(target=serve_https, daemon=True).start()
threading.Thread(target=lambda: socketserver.ThreadingTCPServer(("0.0.0.0", 9000), Echo).serve_forever(), daemon=True).start()
print("serving", flush=True)
http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Hello).serve_forever()
