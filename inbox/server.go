package inbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// Server is a staging SMS inbox: on one port it serves the Aliyun Dysmsapi
// API (RPC and V3 signatures) and the Twilio Messages API through the
// emulators of provider/aliyun/aliyuntest and provider/twilio/twiliotest,
// keeps what they accept, and shows it in a web UI and a JSON API. Create
// one with New; it is safe for concurrent use.
type Server struct {
	cfg    Config
	aliyun *aliyuntest.Emulator
	twilio *twiliotest.Server
	store  store
	events *broker
	chaos  *chaosState
	kinds  map[string]string // Aliyun template code → kind
	mux    *http.ServeMux

	received  sync.Map // provider → *atomic.Int64
	done      chan struct{}
	closeOnce sync.Once
	storeOnce sync.Once

	mu       sync.Mutex
	http     *http.Server
	listener net.Listener
	cert     *tls.Certificate
	url      string

	cancelRequests context.CancelFunc

	// idSuffix makes message ids unique across runs that share a SQLite
	// store (the emulators number BizIds and SIDs from 1 at each start);
	// empty with the memory store.
	idSuffix string
}

// New builds a Server from cfg. It does not listen yet: call
// ListenAndServe, or mount Handler on a server of your own.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if cfg.BasicAuth.User == "" && cfg.BasicAuth.Password != "" {
		return nil, errors.New("inbox: BasicAuth has a password but no user")
	}
	s := &Server{
		cfg:    cfg,
		events: newBroker(),
		chaos:  newChaosState(cfg.Rand),
		kinds:  map[string]string{},
		done:   make(chan struct{}),
	}
	if cfg.Database == "" {
		s.store = newMemStore(cfg.MaxMessages, cfg.MaxAge)
	} else {
		var run [4]byte
		_, _ = rand.Read(run[:])
		s.idSuffix = "-" + hex.EncodeToString(run[:])
		st, err := openSQLite(cfg.Database, s.idSuffix[1:], cfg.MaxMessages, cfg.MaxAge)
		if err != nil {
			return nil, err
		}
		s.store = st
	}
	if cfg.Aliyun.Templates == nil {
		s.kinds[aliyuntest.DefaultTemplateCode] = aliyuntest.Verification.String()
	}
	for code, t := range cfg.Aliyun.Templates {
		s.kinds[code] = t.Kind.String()
	}
	aopts := cfg.Aliyun
	policy := aopts.Receipt
	aopts.Receipt = func(m aliyuntest.Message) aliyuntest.Receipt {
		r := aliyuntest.Receipt{Delay: cfg.ReceiptDelay}
		if policy != nil {
			r = policy(m)
		}
		s.addAliyun(m, r)
		return r
	}
	aopts.Faults = s.chaos.aliyunFault
	s.aliyun = aliyuntest.New(aopts)
	s.twilio = twiliotest.NewServer(cfg.Twilio)
	s.twilio.SetFaults(s.chaos.twilioFault)
	s.mux = s.routes()
	return s, nil
}

// Aliyun returns the Aliyun emulator, for tests that inspect it or inject
// faults beyond the chaos settings.
func (s *Server) Aliyun() *aliyuntest.Emulator { return s.aliyun }

// Twilio returns the Twilio emulator.
func (s *Server) Twilio() *twiliotest.Server { return s.twilio }

// Handler returns the inbox's HTTP handler: provider APIs, web UI, JSON API,
// health and metrics.
func (s *Server) Handler() http.Handler { return s.mux }

// addAliyun records a message the Aliyun emulator accepted.
func (s *Server) addAliyun(m aliyuntest.Message, r aliyuntest.Receipt) {
	kind, known := s.kinds[m.TemplateCode]
	text := m.Content
	if !known {
		// A template the permissive emulator approved without a text:
		// show its variables after the sign.
		text += " " + m.TemplateCode + " " + formatParams(m.Params)
	}
	n := s.counter(ProviderAliyun).Add(1)
	rec := &record{
		msg: Message{
			ID:       fmt.Sprintf("aliyun-%s-%d%s", strings.TrimSuffix(m.BizID, "^0"), n, s.idSuffix),
			Provider: ProviderAliyun,
			To:       m.PhoneNumber,
			Number:   m.E164,
			Text:     text,
			Sign:     m.SignName,
			Template: m.TemplateCode,
			Kind:     kind,
			Params:   m.Params,
			Code:     pickCode(kind, m.Params, text),
			Time:     m.SendTime,
			BizID:    m.BizID,
			OutID:    m.OutID,
		},
		receiptAt: m.SendTime.Add(r.Delay),
		failed:    r.Failed,
		errCode:   r.ErrCode,
	}
	s.store.add(rec, s.cfg.Now())
	s.events.publish("message", s.view(*rec))
}

// addTwilio records a message the Twilio emulator created.
func (s *Server) addTwilio(sid string) {
	m, ok := s.twilio.Message(sid)
	if !ok {
		return
	}
	s.counter(ProviderTwilio).Add(1)
	sign := m.From
	if sign == "" {
		sign = m.MessagingServiceSID
	}
	rec := &record{sid: m.SID, msg: Message{
		ID:       m.SID + s.idSuffix,
		Provider: ProviderTwilio,
		To:       m.To,
		Number:   normalizeNumber(m.To),
		Text:     m.Body,
		Sign:     sign,
		Code:     pickCode("", nil, m.Body),
		Time:     m.DateCreated,
	}}
	s.store.add(rec, s.cfg.Now())
	s.events.publish("message", s.view(*rec))
}

// counter returns the count of messages received from provider.
func (s *Server) counter(provider string) *atomic.Int64 {
	c, _ := s.received.LoadOrStore(provider, new(atomic.Int64))
	return c.(*atomic.Int64)
}

// view returns the message of r with its status now.
func (s *Server) view(r record) Message {
	m := r.msg
	switch {
	case r.restored && m.Provider == ProviderTwilio && m.Kind != "Verification":
		// The emulator of this run does not know it: the status stored.
		m.Status, m.ErrCode = r.status, r.statusErr
		if m.Status == "" {
			m.Status = StatusWaiting
		}
		return m
	case m.Provider == ProviderTwilio && m.Kind == "Verification":
		m.Status = StatusDelivered // Twilio Verify: no status to follow
		return m
	}
	switch m.Provider {
	case ProviderAliyun:
		switch {
		case s.cfg.Now().Before(r.receiptAt):
			m.Status = StatusWaiting
		case r.failed:
			m.Status, m.ErrCode = StatusFailed, r.errCode
			if m.ErrCode == "" {
				m.ErrCode = aliyuntest.DefaultFailureCode
			}
		default:
			m.Status, m.ErrCode = StatusDelivered, "DELIVERED"
		}
	case ProviderTwilio:
		m.Status = StatusWaiting
		if t, ok := s.twilio.Message(r.sid); ok {
			switch t.Status {
			case "delivered":
				m.Status = StatusDelivered
			case "undelivered", "failed":
				m.Status = StatusFailed
			}
			if t.ErrorCode != 0 {
				m.ErrCode = strconv.Itoa(t.ErrorCode)
			}
		}
	}
	return m
}

// twilioRecorder passes a Twilio answer through and keeps the SID of a
// created message.
type twilioRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *twilioRecorder) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *twilioRecorder) Write(p []byte) (int, error) {
	if w.status == http.StatusCreated && w.body.Len() < 1<<16 {
		w.body.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (the emulator
// hijacks it to drop a connection).
func (w *twilioRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveTwilio serves the Twilio API and records created messages.
func (s *Server) serveTwilio(w http.ResponseWriter, r *http.Request) {
	rec := &twilioRecorder{ResponseWriter: w}
	created := false
	defer func() {
		// A message created before a dropped connection is recorded too.
		if !created && r.Method == http.MethodPost {
			s.recordLatestTwilio()
		}
	}()
	s.twilio.Handler().ServeHTTP(rec, r)
	if rec.status == http.StatusCreated {
		var body struct {
			SID string `json:"sid"`
		}
		if json.Unmarshal(rec.body.Bytes(), &body) == nil && body.SID != "" {
			created = true
			s.addTwilio(body.SID)
		}
	}
}

// serveTwilioVerify serves Twilio Verify and records each verification
// SMS it sends, with its code.
func (s *Server) serveTwilioVerify(w http.ResponseWriter, r *http.Request) {
	rec := &twilioRecorder{ResponseWriter: w}
	s.twilio.Handler().ServeHTTP(rec, r)
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/Verifications") || rec.status != http.StatusCreated {
		return
	}
	var body struct {
		SID string `json:"sid"`
		To  string `json:"to"`
	}
	if json.Unmarshal(rec.body.Bytes(), &body) != nil || body.SID == "" {
		return
	}
	code, ok := s.twilio.LastVerifyCode(body.To)
	if !ok {
		return
	}
	n := s.counter(ProviderTwilio).Add(1)
	now := s.cfg.Now()
	rc := &record{
		msg: Message{
			ID:       fmt.Sprintf("%s-%d%s", body.SID, n, s.idSuffix),
			Provider: ProviderTwilio,
			To:       body.To,
			Number:   normalizeNumber(body.To),
			Text:     "Your verification code is: " + code,
			Sign:     "Twilio Verify",
			Kind:     "Verification",
			Code:     code,
			Time:     now,
		},
		receiptAt: now, // Verify reports no delivery status: shown delivered
	}
	s.store.add(rc, now)
	s.events.publish("message", s.view(*rc))
}

// recordLatestTwilio records Twilio messages created without a 201 answer
// reaching the inbox (a fault dropped or replaced it).
func (s *Server) recordLatestTwilio() {
	msgs := s.twilio.Messages()
	for i := len(msgs) - 1; i >= 0 && i >= len(msgs)-8; i-- {
		if _, known := s.store.get(msgs[i].SID + s.idSuffix); !known && !msgs[i].DateCreated.Before(s.cfg.Now().Add(-time.Minute)) {
			s.addTwilio(msgs[i].SID)
		}
	}
}

// routes builds the inbox's request router.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	protect := s.protect
	mux.HandleFunc("/2010-04-01/", s.serveTwilio)
	mux.HandleFunc("/v2/", s.serveTwilioVerify)
	mux.HandleFunc("GET /livez", s.health)
	mux.HandleFunc("GET /readyz", s.health)
	mux.Handle("GET /api/v1/health", http.HandlerFunc(s.health))
	mux.Handle("GET /metrics", protect(s.metrics))
	mux.Handle("GET /api/v1/messages", protect(s.listMessages))
	mux.Handle("DELETE /api/v1/messages", protect(s.deleteAll))
	mux.Handle("GET /api/v1/messages/{id}", protect(s.getMessage))
	mux.Handle("DELETE /api/v1/messages/{id}", protect(s.deleteMessage))
	mux.Handle("POST /api/v1/messages/{id}/receipt", protect(s.setReceipt))
	mux.Handle("GET /api/v1/numbers/{number}/latest", protect(s.latest))
	mux.Handle("GET /api/v1/numbers/{number}/code", protect(s.latestCode))
	mux.Handle("GET /api/v1/chaos", protect(s.getChaos))
	mux.Handle("PUT /api/v1/chaos", protect(s.putChaos))
	mux.Handle("GET /api/v1/events", protect(func(w http.ResponseWriter, r *http.Request) {
		s.events.serve(w, r, s.done)
	}))
	mux.Handle("GET /ui/", protect(s.ui))
	mux.HandleFunc("/", s.root)
	return mux
}

// root serves the Aliyun API, and sends a browser that asks for "/" with
// no API parameters to the UI.
func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/" && r.Method == http.MethodGet && r.URL.RawQuery == "" &&
		r.Header.Get("Authorization") == "" && r.Header.Get("x-acs-action") == "" &&
		strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Redirect(w, r, "/ui/", http.StatusFound)
		return
	}
	s.aliyun.ServeHTTP(w, r)
}

// protect wraps h with the configured basic auth.
func (s *Server) protect(h http.HandlerFunc) http.Handler {
	if s.cfg.BasicAuth.User == "" {
		return h
	}
	want := s.cfg.BasicAuth
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		userOK := subtle.ConstantTimeCompare([]byte(user), []byte(want.User)) == 1
		passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(want.Password)) == 1
		if !ok || !userOK || !passOK {
			w.Header().Set("WWW-Authenticate", `Basic realm="smskit inbox", charset="UTF-8"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		h(w, r)
	})
}

// ListenAndServe listens on Config.Addr and serves until Shutdown. It
// returns http.ErrServerClosed after Shutdown.
func (s *Server) ListenAndServe() error {
	if err := s.Listen(); err != nil {
		return err
	}
	return s.Serve()
}

// Listen binds Config.Addr, so that URL is known before Serve.
func (s *Server) Listen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("inbox: already listening")
	}
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("inbox: listen: %w", err)
	}
	scheme := "http"
	if s.cfg.TLS != nil {
		cert, err := loadOrGenerate(s.cfg.TLS)
		if err != nil {
			_ = l.Close()
			return err
		}
		s.cert = cert
		l = tls.NewListener(l, &tls.Config{Certificates: []tls.Certificate{*cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	s.listener = l
	s.url = scheme + "://" + l.Addr().String()
	base, cancel := context.WithCancel(context.Background())
	s.cancelRequests = cancel
	s.http = &http.Server{
		Handler: s.mux,
		// Shutdown cancels the requests' context once the grace period
		// ends, so that injected latency and stalls end at once.
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	return nil
}

// Serve serves on the listener Listen bound.
func (s *Server) Serve() error {
	s.mu.Lock()
	srv, l := s.http, s.listener
	s.mu.Unlock()
	if srv == nil {
		return errors.New("inbox: Serve before Listen")
	}
	s.cfg.Logger.Info("smskit inbox listening", "url", s.URL(), "auth", s.cfg.BasicAuth.User != "")
	return srv.Serve(l)
}

// URL returns the inbox's base URL once it listens, e.g.
// "http://127.0.0.1:4280"; empty before.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Certificate returns the TLS certificate the inbox serves, generated or
// loaded, once it listens with TLS; nil otherwise.
func (s *Server) Certificate() *tls.Certificate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cert
}

// Shutdown stops the inbox gracefully: it ends live-update streams, stops
// accepting connections and waits, until ctx ends, for requests in flight;
// then it closes the Twilio emulator.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.done) })
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	var err error
	if srv != nil {
		s.cfg.Logger.Info("smskit inbox shutting down")
		err = srv.Shutdown(ctx)
		if err != nil {
			// The grace period ended: end what is still in flight.
			s.mu.Lock()
			cancel := s.cancelRequests
			s.mu.Unlock()
			cancel()
			_ = srv.Close()
		}
	}
	s.twilio.Close()
	s.storeOnce.Do(func() {
		if cerr := s.store.close(); err == nil {
			err = cerr
		}
	})
	return err
}

// Run serves an inbox configured by cfg until ctx ends, then shuts it down
// gracefully, waiting up to 10 seconds for requests in flight. It is the
// body of the "smskit inbox" command.
func Run(ctx context.Context, cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	if err := s.Listen(); err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- s.Serve() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
