package inbox

import (
	"log/slog"
	"time"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// DefaultAddr is where the inbox listens when Config.Addr is empty: the
// loopback interface only, so that codes never leave the machine unless
// the operator says so.
const DefaultAddr = "127.0.0.1:4280"

// Defaults of the retention of Config.
const (
	// DefaultMaxMessages is how many messages the inbox keeps when
	// Config.MaxMessages is zero; the oldest are forgotten first.
	DefaultMaxMessages = 1000
	// DefaultMaxAge is how long the inbox keeps a message when
	// Config.MaxAge is zero.
	DefaultMaxAge = 24 * time.Hour
	// DefaultReceiptDelay is how long after acceptance an Aliyun message is
	// reported delivered when Config.ReceiptDelay is zero, so that the
	// "deliver now" and "fail now" controls have a waiting message to act on.
	DefaultReceiptDelay = 30 * time.Second
)

// Config configures a Server. The zero Config is a working inbox on
// DefaultAddr that accepts the emulators' test credentials, signs and
// templates (aliyuntest.TestAccessKeyID, twiliotest.TestAccountSID, ...).
type Config struct {
	// Addr is the TCP address to listen on; empty means DefaultAddr. A
	// non-loopback address exposes the codes to the network: set
	// BasicAuth then.
	Addr string

	// Aliyun configures the Aliyun (Dysmsapi) emulator: keys, signs,
	// templates, limits; its MaxMessages defaults to MaxMessages. Its Receipt, if set, decides each message's
	// receipt; nil delivers after ReceiptDelay. Its Faults is replaced by
	// the inbox's chaos settings.
	Aliyun aliyuntest.Options

	// Twilio configures the Twilio Messages emulator: accounts, senders;
	// its MaxMessages defaults to MaxMessages.
	Twilio twiliotest.Options

	// MaxMessages bounds the messages the inbox keeps; zero means
	// DefaultMaxMessages.
	MaxMessages int

	// MaxAge bounds how long the inbox keeps a message; zero means
	// DefaultMaxAge.
	MaxAge time.Duration

	// ReceiptDelay is when an Aliyun message is reported delivered, after
	// its acceptance, unless Aliyun.Receipt decides; zero means
	// DefaultReceiptDelay, a negative value immediately.
	ReceiptDelay time.Duration

	// Database, when set, is the path of a SQLite file (created if needed)
	// that keeps the messages across restarts, within MaxMessages and
	// MaxAge. Messages of an earlier run are listed and searchable;
	// their receipts can no longer be set, and a Twilio message shows
	// the status it had when stored. Empty keeps them in memory.
	Database string

	// BasicAuth, when User is not empty, protects the web UI, the JSON API
	// and the metrics with HTTP basic auth. The provider APIs keep their
	// own credentials and the health checks stay open.
	BasicAuth BasicAuth

	// TLS, when set, serves HTTPS instead of HTTP.
	TLS *TLS

	// Now is the inbox's clock (message times, retention, receipts); nil
	// means time.Now. It is also the emulators' clock unless their Options
	// set one.
	Now func() time.Time

	// Logger receives one line per lifecycle event (listening, shutting
	// down); never message contents, numbers or codes. Nil discards.
	Logger *slog.Logger

	// Rand, if not nil, returns a number in [0, 100) for each chaos roll;
	// nil uses math/rand/v2. Tests make chaos deterministic with it.
	Rand func() float64
}

// BasicAuth is a user name and password for HTTP basic auth.
type BasicAuth struct {
	User, Password string
}

// TLS says where the inbox's certificate comes from.
type TLS struct {
	// CertFile and KeyFile are PEM files. When both are empty, the inbox
	// generates a self-signed certificate for localhost, 127.0.0.1 and ::1
	// at start (Server.Certificate returns it so that clients can trust it).
	CertFile, KeyFile string
}

// withDefaults returns c with every zero value replaced by its default.
func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.MaxMessages <= 0 {
		c.MaxMessages = DefaultMaxMessages
	}
	if c.MaxAge <= 0 {
		c.MaxAge = DefaultMaxAge
	}
	if c.ReceiptDelay == 0 {
		c.ReceiptDelay = DefaultReceiptDelay
	}
	if c.ReceiptDelay < 0 {
		c.ReceiptDelay = 0
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	// The emulators keep their own copies (for QuerySendDetails and
	// fetches): bound them as the inbox is bounded.
	if c.Aliyun.MaxMessages <= 0 {
		c.Aliyun.MaxMessages = c.MaxMessages
	}
	if c.Twilio.MaxMessages <= 0 {
		c.Twilio.MaxMessages = c.MaxMessages
	}
	if c.Aliyun.Now == nil {
		c.Aliyun.Now = c.Now
	}
	if c.Twilio.Now == nil {
		c.Twilio.Now = c.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
