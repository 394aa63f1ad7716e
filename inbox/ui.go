package inbox

import (
	"embed"
	"io/fs"
	"net/http"
)

// uiFiles holds the web UI: one page, its script and its style sheet, and
// nothing fetched from elsewhere.
//
//go:embed ui
var uiFiles embed.FS

// uiHandler serves uiFiles under /ui/.
var uiHandler = func() http.Handler {
	sub, err := fs.Sub(uiFiles, "ui")
	if err != nil {
		panic(err) // the embedded tree always has ui/
	}
	return http.StripPrefix("/ui/", http.FileServer(http.FS(sub)))
}()

// ui serves the web UI with headers that keep the page and its codes out
// of caches, frames and other origins.
func (s *Server) ui(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	uiHandler.ServeHTTP(w, r)
}
