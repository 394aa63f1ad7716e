// Package twilio is smskit's Sender for Twilio's Messages API, built on the
// official github.com/twilio/twilio-go.
//
// Usage:
//
//	sender, err := twilio.New(twilio.Options{
//		AccountSID: os.Getenv("TWILIO_ACCOUNT_SID"),
//		AuthToken:  os.Getenv("TWILIO_AUTH_TOKEN"),
//		From:       "+15017122661", // or MessagingServiceSID: "MG…"
//		Templates: []sms.Template{{
//			Name: "login_code",
//			Kind: sms.KindVerification,
//			Text: "Your login code is ${code}. It expires in 5 minutes.",
//		}},
//	})
//	if err != nil {
//		log.Fatal(err) // bad options (sms.ErrInvalidOptions); New makes no network call
//	}
//	res, err := sender.Send(ctx, sms.Message{
//		To:       "+14155552671",
//		Template: "login_code",
//		Params:   map[string]string{"code": "123456"},
//	})
//	// res.MessageID is the message SID, "SM…".
//
// Twilio sends text, so a Message's text is its Body or, without one, its
// Template's Text from Options.Templates with its Params substituted for the
// ${name} placeholders. Options.Templates takes the application's
// templates, declared once for every provider as sms.Template: the same
// slice goes to aliyun.New and route.New. Recipients are normalized to
// E.164. The sender (From) is a Message's Sign, or else its template's
// Signs[Options.TemplateKey] (default "twilio"), or else Options.From.
// Twilio has no caller reference, so Message.Reference is not sent;
// correlate delivery receipts by Result.MessageID.
//
// # Checks before the network
//
// Send checks every message with sms.Validator and Options.Rules before
// any request, so a mistake costs no request and fails the same way in the
// fake and dry-run senders given the same Rules: a template must be
// declared (or the message carry a Body), its params must be exactly its
// Text's variables (a missing or an extra param is refused, naming it), and
// the text sent must fit Twilio's limit of MaxBodyLength (1,600)
// characters, besides the core's size limits (sms.MaxParamLength and the
// others). A nil context is refused with InvalidArgument wrapping
// sms.ErrNilContext. Every refusal is an *sms.Error, InvalidArgument and
// NotAccepted. Constructor errors are *sms.OptionsError wrapping
// sms.ErrInvalidOptions, not *sms.Error.
//
// # Answers
//
// The Sender never follows a redirect: the Messages API never redirects,
// and a request once written stays "may have been accepted" whatever
// happens next. It reads at most MaxAnswerBytes of an answer, and
// classifies it by its shape, whatever HTTP status carries it:
//
//	2xx with a Message whose sid is "SM"/"MM" and 32 hex digits   success
//	2xx without one                        Unknown, may have been accepted
//	any 3xx (never followed)               Unknown, may have been accepted
//	4xx or 5xx with Twilio's error body    by the code, see below; not accepted (504: may have been)
//	4xx or 5xx without it (a gateway's HTML page, a cut or unreadable body)
//	                                       Unknown, may have been accepted
//
// Twilio's error body is a JSON object whose code is an integer of five
// digits. Answers that are not the API's are never success and never "not
// accepted"; their errors wrap ErrUnexpectedAnswer. Twilio's codes map so:
//
//	HTTP 429, 20429, 14107, 21611      RateLimited, with Retry-After (at most MaxRetryAfter) when sent
//	HTTP 500, 502, 503, other 5xx      Unavailable
//	HTTP 504                           Unavailable, may have been accepted
//	20003, 20005, 20008, 20404         PermissionDenied (credentials, account)
//	21212, 21606, 21705, 21408, 21608  PermissionDenied (sender, service, region)
//	21211, 21612, 21614, 21610         InvalidArgument (recipient; 21610: unsubscribed)
//	21602, 21603, 21604, 21609, 21617  InvalidArgument (request)
//	other 401 and 403                  PermissionDenied
//	anything else                      Unknown, keeping the code
//
// The same table, with Verify v2's codes (60200, 60202, 60203, …), serves
// package twilioverify: the two packages share one implementation of these
// rules (provider/twilio/internal/wire).
//
// With no answer, NotAccepted says whether the request can have been
// written: a connection that cannot be made, or a context that ends,
// before the request got a connection is NotAccepted (Unavailable,
// Canceled or DeadlineExceeded); after, the message may have been accepted
// (Unknown, Canceled or DeadlineExceeded).
//
// # Errors carry only what the Sender chose
//
// An *sms.Error of this package carries Twilio's error code (five digits),
// the HTTP status, a request id only when the Twilio-Request-Id header is
// "RQ" and 32 hex digits and shows no fragment of the call's secrets, and
// smskit's own text: never a byte of an answer's body, since Twilio's
// messages quote the recipient and a gateway's page may quote anything. A
// Result's MessageID is a checked SID; an answer without one is not a
// success. Error reporters that walk the Unwrap chain find, for Twilio's
// error answers, a *client.TwilioRestError (errors.As) rebuilt from those
// fields (Code, Status, smskit's text as Message, the code's page in
// Twilio's docs as MoreInfo, no Details), and for a transport error the
// error itself only when no link of its chain shows the auth token, the
// recipient, the text or a param value (a *url.Error keeps its scheme and
// host only), or else its context error or an error saying the details
// were withheld.
//
// The auth token travels only in the Authorization header: it is in no
// error, log line or String. A Sender holds it behind a func value, so
// that even printing by reflection (a Sender inside another struct's
// unexported field, where fmt cannot call String) cannot reach it.
//
// # Contexts and twilio-go
//
// twilio-go builds its requests with context.Background() and has no base
// URL option. The Sender therefore gives each call a light twilio-go client
// whose http.Client transport carries the call's context, traces the
// connection (httptrace GotConn, which happens before any byte is
// written), sends the one request of the call (to Options.Endpoint when
// set) and reads the answer itself: twilio-go builds and authenticates the
// request, and never interprets an answer. All calls share
// Options.Transport and so its connections.
//
// # Delivery status
//
// Sender implements sms.StatusChecker by fetching the message: queued,
// accepted, sending and sent are pending, delivered is delivered,
// undelivered and failed are failed with Twilio's error code.
//
// Package twilioverify is the verify.Verifier on Twilio Verify v2, with the
// same options, classification and redaction. Package twiliotest emulates
// the Messages and Verify v2 APIs for tests.
//
// # Opening from a URL
//
// Importing this package registers the "twilio" scheme with
// sms.RegisterScheme, so sms.OpenSender opens
// "twilio://SID:TOKEN@default?from=+1..." URLs (without userinfo, the
// credentials come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN).
// OptionsFromURL documents every parameter; an unknown one is an error, and
// no error quotes the URL's userinfo or a value.
package twilio
