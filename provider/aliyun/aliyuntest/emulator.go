package aliyuntest

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// apiVersion is the Version the emulator serves, but for the
// international actions (versionOf).
const apiVersion = "2017-05-25"

// Emulator is an http.Handler that answers the Dysmsapi RPC API as Aliyun
// does: it authenticates each request, validates it, accepts valid sends,
// stores them and answers JSON or XML. Its methods are safe for concurrent
// use, including while it serves requests.
//
// Mount it with any http.Server, or use NewServer for one on the loopback
// interface. The zero Emulator is not usable: create one with New.
type Emulator struct {
	opts    Options
	actions map[string]func(*Emulator, *incoming) reply

	mu          sync.Mutex
	seq         int64
	bizSeq      int64
	requests    map[string]int // by served action, "" and OtherActions: bounded
	store       messageStore
	history     sendHistory
	verify      verifications
	nonces      nonces
	faults      []Fault
	chooseFault func(Request) Fault
}

// incoming is one authenticated request being served.
type incoming struct {
	action    string
	params    url.Values
	requestID string
	now       time.Time
}

// New returns an Emulator configured by opts; see Options for the defaults.
func New(opts Options) *Emulator {
	e := &Emulator{
		opts: opts.withDefaults(),
		actions: map[string]func(*Emulator, *incoming) reply{
			"SendSms":          (*Emulator).sendSms,
			"SendBatchSms":     (*Emulator).sendBatchSms,
			"QuerySendDetails": (*Emulator).querySendDetails,

			ActionSendSmsVerifyCode:  (*Emulator).sendSmsVerifyCode,
			ActionCheckSmsVerifyCode: (*Emulator).checkSmsVerifyCode,

			ActionSendMessageToGlobe:      (*Emulator).sendMessageToGlobe,
			ActionSendMessageWithTemplate: (*Emulator).sendMessageWithTemplate,
			ActionQueryMessage:            (*Emulator).queryMessage,
			ActionSingleCallByTts:         (*Emulator).singleCallByTts,
		},
	}
	e.chooseFault = e.opts.Faults
	e.resetLocked()
	return e
}

// now reads the emulator's clock.
func (e *Emulator) now() time.Time { return e.opts.Now() }

// ServeHTTP answers one RPC request at path "/" by GET or by POST with the
// parameters in the query, in a form-encoded body (read through a limit of
// 1 MiB), or both.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	var (
		params url.Values
		perr   *apiError
		v3     *v3Auth
	)
	if isSignedRequest(r) {
		params, v3, perr = readV3(r)
	} else {
		params, perr = readParams(r)
	}
	action := params.Get("Action")
	format := responseFormat(params.Get("Format"))

	fault := e.arrive(action, params)
	ctx := r.Context()
	if fault.Hold != nil {
		fault.Hold(ctx)
	}
	if !wait(ctx, fault.Delay) {
		drop(w) // never an empty 200 that a client could take for an answer
		return
	}
	if fault.Kind == FaultDropBeforeAccept {
		drop(w)
		return
	}
	rep, faulted := faultReply(fault, action, requestID)
	if !faulted {
		if perr != nil {
			rep = errorReply(perr, action, requestID)
		} else {
			rep = e.serve(r, action, params, requestID, v3)
		}
	}
	if fault.Kind == FaultDropAfterAccept {
		drop(w)
		return
	}
	if !wait(ctx, fault.ResponseDelay) {
		drop(w)
		return
	}
	rep.write(w, format)
}

// arrive counts a request and picks its fault. Requests are counted by
// action before anything is authenticated, so every action the emulator
// does not serve shares the one count OtherActions: no request can grow the
// map of counts.
func (e *Emulator) arrive(action string, params url.Values) Fault {
	e.mu.Lock()
	e.seq++
	seq := e.seq
	e.requests[e.countedAs(action)]++
	fault, choose := e.nextFault(action)
	e.mu.Unlock()
	if choose != nil {
		r := Request{Seq: seq, Action: action, Params: url.Values{}}
		for k, vs := range params {
			r.Params[k] = append([]string(nil), vs...)
		}
		fault = choose(r)
	}
	return fault
}

// countedAs is the key action's requests are counted under.
func (e *Emulator) countedAs(action string) string {
	if _, served := e.actions[action]; served || action == "" {
		return action
	}
	return OtherActions
}

// serve authenticates the request, by the V3 signature when v3 is not nil
// and the RPC signature otherwise, and runs its action.
func (e *Emulator) serve(r *http.Request, action string, params url.Values, requestID string, v3 *v3Auth) reply {
	fail := func(err *apiError) reply { return errorReply(err, action, requestID) }
	if r.URL.Path != "/" && r.URL.Path != "" || r.Method != http.MethodGet && r.Method != http.MethodPost {
		return fail(gatewayError(http.StatusNotFound, codeInvalidAction))
	}
	if v3 != nil {
		if err := v3.bad; err != nil {
			return fail(err)
		}
		if action == "" {
			return fail(missingParameter("x-acs-action"))
		}
	} else {
		for _, name := range commonParams {
			if params.Get(name) == "" {
				return fail(missingParameter(name))
			}
		}
	}
	if params.Get("Version") != versionOf(action) {
		return fail(gatewayError(http.StatusBadRequest, codeInvalidVersion))
	}
	handler, ok := e.actions[action]
	if !ok {
		return fail(gatewayError(http.StatusNotFound, codeInvalidAction))
	}
	now := e.now()
	keyID, nonce := params.Get("AccessKeyId"), params.Get("SignatureNonce")
	var ts time.Time
	if v3 != nil {
		if err := e.authenticateV3(r, v3, now); err != nil {
			return fail(err)
		}
		keyID, nonce, ts = v3.accessKeyID, r.Header.Get("x-acs-signature-nonce"), v3Time(r)
	} else {
		if err := e.authenticate(r.Method, params, now); err != nil {
			return fail(err)
		}
		ts, _ = time.Parse(timestampLayout, params.Get("Timestamp")) // checked by authenticate
	}
	e.mu.Lock()
	fresh := e.nonces.use(keyID, nonce, now, ts.Add(e.opts.MaxClockSkew), e.opts.MaxClockSkew)
	e.mu.Unlock()
	if !fresh {
		return fail(gatewayError(http.StatusBadRequest, codeNonceUsed))
	}
	return handler(e, &incoming{action: action, params: params, requestID: requestID, now: now})
}
