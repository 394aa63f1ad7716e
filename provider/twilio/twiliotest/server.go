package twiliotest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The default test account, sender and Messaging Service, accepted by a
// Server whose Options leave Accounts, From and MessagingServices empty. The
// auth token is alphanumeric, as twilio-go requires.
const (
	TestAccountSID          = "AC00000000000000000000000000000001"
	TestAuthToken           = "0123456789abcdef0123456789abcdef"
	TestFrom                = "+15005550006"
	TestMessagingServiceSID = "MG00000000000000000000000000000001"
)

// Defaults for the status progression and the store of Options.
const (
	// DefaultSentAfter is how long after creation a message becomes sent.
	DefaultSentAfter = time.Second
	// DefaultDeliveredAfter is how long after being sent a message reaches
	// its outcome.
	DefaultDeliveredAfter = 4 * time.Second
	// DefaultMaxMessages is how many messages a Server keeps when
	// Options.MaxMessages is zero.
	DefaultMaxMessages = 10_000
)

// The bounds on what a request can make the server read or keep, so that
// a long-running server (a staging inbox) survives any client.
const (
	// MaxRequestBytes is the most of a request's body the server reads: a
	// longer request is answered HTTP 413 with code 20413 and handled no
	// further. Twilio's largest create request (a 1,600-character body,
	// percent-encoded) is far smaller.
	MaxRequestBytes = 64 << 10
	// MaxHeaderBytes is the most of a request's header the server reads.
	MaxHeaderBytes = 64 << 10
)

// Options configures a Server. The zero value is a server with one account
// (TestAccountSID, TestAuthToken), one sender (TestFrom), one Messaging
// Service (TestMessagingServiceSID), the real clock, and every message
// delivered DefaultSentAfter+DefaultDeliveredAfter after it was created.
type Options struct {
	// Accounts maps account SIDs to their auth tokens; nil means
	// {TestAccountSID: TestAuthToken}.
	Accounts map[string]string
	// From lists the phone numbers or sender ids that every account owns;
	// nil means [TestFrom].
	From []string
	// MessagingServices lists the Messaging Service SIDs that every account
	// owns; nil means [TestMessagingServiceSID].
	MessagingServices []string
	// RejectTo maps recipients to the Twilio error code creating a message
	// to them fails with, such as 21610 (unsubscribed) or 21614 (not a
	// mobile number), in addition to the magic numbers in the package doc.
	RejectTo map[string]int
	// Now is the clock for date_created and the status progression; nil
	// means time.Now.
	Now func() time.Time
	// SentAfter is how long after creation a message becomes sent; zero
	// means DefaultSentAfter.
	SentAfter time.Duration
	// DeliveredAfter is how long after being sent a message reaches its
	// outcome; zero means DefaultDeliveredAfter.
	DeliveredAfter time.Duration
	// Outcome decides the final status of a message to a recipient; nil
	// means delivered.
	Outcome func(to string) Outcome
	// MaxMessages is how many created messages the server keeps; the
	// oldest are forgotten first (Messages no longer lists them and
	// fetching them answers 404). Zero means DefaultMaxMessages. It bounds
	// the Verify verifications kept the same way.
	MaxMessages int
	// VerifyServices lists the Verify Service SIDs every account owns
	// (code length DefaultVerifyCodeLength, friendly name "Test"); nil
	// means [TestVerifyServiceSID]. More are made with POST /v2/Services.
	VerifyServices []string
	// VerifyValidFor is how long a Verify code is accepted, from the start
	// of its verification; zero means DefaultVerifyValidFor.
	VerifyValidFor time.Duration
}

// Outcome is the final status of a message.
type Outcome struct {
	// Status is "delivered", "undelivered" or "failed".
	Status string
	// ErrorCode is Twilio's delivery error code for undelivered and failed
	// messages, such as 30003 (unreachable handset).
	ErrorCode int
}

// Server is a running emulator of Twilio's Messages API. It is safe for
// concurrent use.
//
// Every map and list a request can grow is bounded: unauthenticated
// requests only count (Requests), request bodies are read through
// MaxRequestBytes and headers through MaxHeaderBytes, and the messages
// kept through Options.MaxMessages.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", to use as
	// provider/twilio's Options.Endpoint.
	URL string
	// Host is the server's "127.0.0.1:port".
	Host string

	opts       Options
	http       *httptest.Server
	requestIDs atomic.Uint64 // numbers the Twilio-Request-Id of answers
	closed     context.Context
	close      context.CancelFunc

	mu        sync.Mutex
	messages  []*message
	bySID     map[string]*message
	seq       uint64
	requests  int
	faults    []Fault
	faultFunc func(Request) Fault
	verify    verifyState
}

// NewServer starts a Server on a loopback port. The caller must Close it.
func NewServer(opts Options) *Server {
	if opts.Accounts == nil {
		opts.Accounts = map[string]string{TestAccountSID: TestAuthToken}
	}
	if opts.From == nil {
		opts.From = []string{TestFrom}
	}
	if opts.MessagingServices == nil {
		opts.MessagingServices = []string{TestMessagingServiceSID}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SentAfter == 0 {
		opts.SentAfter = DefaultSentAfter
	}
	if opts.DeliveredAfter == 0 {
		opts.DeliveredAfter = DefaultDeliveredAfter
	}
	if opts.MaxMessages <= 0 {
		opts.MaxMessages = DefaultMaxMessages
	}
	if opts.VerifyServices == nil {
		opts.VerifyServices = []string{TestVerifyServiceSID}
	}
	if opts.VerifyValidFor <= 0 {
		opts.VerifyValidFor = DefaultVerifyValidFor
	}
	s := &Server{opts: opts, bySID: make(map[string]*message)}
	s.initVerify()
	s.closed, s.close = context.WithCancel(context.Background())
	s.http = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.http.Config.MaxHeaderBytes = MaxHeaderBytes
	s.http.Start()
	s.URL = s.http.URL
	s.Host = s.http.Listener.Addr().String()
	return s
}

// Close releases stalled requests, shuts the server down and waits for
// outstanding requests to finish.
func (s *Server) Close() {
	s.close()
	s.http.Close()
}

// Messages returns copies of every message the server created, oldest first,
// with Status and ErrorCode as of now on the server's clock.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	out := make([]Message, 0, len(s.messages))
	for _, m := range s.messages {
		out = append(out, m.snapshot(now, s.opts))
	}
	return out
}

// MessagesTo returns copies of the messages created for the recipient to,
// oldest first.
func (s *Server) MessagesTo(to string) []Message {
	return slices.DeleteFunc(s.Messages(), func(m Message) bool { return m.To != to })
}

// Message returns a copy of the message with the given SID.
func (s *Server) Message(sid string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.bySID[sid]
	if !ok {
		return Message{}, false
	}
	return m.snapshot(s.opts.Now(), s.opts), true
}

// Requests returns how many HTTP requests the server has received,
// including refused and faulted ones.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Reset forgets every message, every verification and the Verify Services
// created by requests, the request count and the queued faults, and
// removes the fault function. SIDs stay unique across resets.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
	s.bySID = make(map[string]*message)
	s.requests = 0
	s.faults = nil
	s.faultFunc = nil
	seq := s.verify.seq
	s.initVerify()
	s.verify.seq = seq
}
