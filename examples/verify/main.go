// Command verify is an HTTP service that sends and checks login codes with
// package verify: POST /code/send asks for a code, POST /code/check checks
// it. In staging it sends through a dryrun.Sender, which delivers nothing
// and shows the codes at /dryrun/; main_test.go tests it with a fake.
//
//	go run ./examples/verify -addr 127.0.0.1:8080
//	curl -d '{"phone":"13800138000"}' 127.0.0.1:8080/code/send
//	curl '127.0.0.1:8080/dryrun/?to=13800138000'   # read the code, as QA does
//	curl -d '{"phone":"13800138000","code":"123456"}' 127.0.0.1:8080/code/check
//
// The answers of /code/send:
//
//   - 200 {"status":"sent"}: the code was sent.
//   - 202 {"status":"may_arrive"}: the provider may have accepted the SMS
//     although the send failed (its answer was lost). The code stays valid;
//     the page must say "the code may still arrive" and offer a resend only
//     after resend_after seconds, never at once.
//   - 429 with Retry-After: a limit (resend interval, per number, per
//     client address).
//   - 400: the number is malformed or not served.
//   - 503 with Retry-After when known: nothing was sent; trying later may work.
//
// /code/check answers 200 {"status":"approved"}, 403 with the status
// ("wrong code" and attempts_left, "expired", "too many attempts", "not
// found"), 429 when the client address checks too much, 400 for a
// malformed code.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/dryrun"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/verify"
)

// Templates are the templates the application declares.
var Templates = []sms.Template{{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "Your login code is ${code}. It expires in 5 minutes.",
	Codes: map[string]string{aliyun.Name: "SMS_123456789"},
}}

// Production is the provider the application sends through in production;
// its Rules make the dry run refuse what Aliyun would.
var Production = aliyun.Options{SignName: "smskit", Templates: Templates}

// Service serves the two endpoints.
type Service struct {
	// Verifier sends and checks the codes: verify.NewGuarded's.
	Verifier verify.Verifier
	// Logger logs failures, without numbers or codes.
	Logger *slog.Logger
}

// Handler returns the service's routes.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /code/send", s.send)
	mux.HandleFunc("POST /code/check", s.check)
	return mux
}

type sendRequest struct {
	Phone   string `json:"phone"`
	Purpose string `json:"purpose"`
}

type sendResponse struct {
	Status      string `json:"status"`
	Message     string `json:"message,omitempty"`
	ExpiresIn   int    `json:"expires_in,omitempty"`   // seconds
	ResendAfter int    `json:"resend_after,omitempty"` // seconds
}

type checkRequest struct {
	Phone   string `json:"phone"`
	Purpose string `json:"purpose"`
	Code    string `json:"code"`
}

type checkResponse struct {
	Status       string `json:"status"`
	AttemptsLeft *int   `json:"attempts_left,omitempty"`
}

// maxBody bounds request bodies.
const maxBody = 4 << 10

func (s *Service) send(w http.ResponseWriter, r *http.Request) {
	var req sendRequest
	if !decode(w, r, &req) {
		return
	}
	v, err := s.Verifier.Start(r.Context(), verify.Request{To: req.Phone, Purpose: req.Purpose, Key: clientKey(r)})
	now := time.Now()
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, sendResponse{Status: "sent", ExpiresIn: seconds(v.Expires.Sub(now)), ResendAfter: seconds(v.ResendAfter.Sub(now))})
	case !sms.IsNotAccepted(err):
		// The SMS may have been sent: the code stays valid and counts.
		// Tell the user to wait for it; do not send another at once.
		s.logger().Warn("verification code may have been sent", "err", err)
		resend := seconds(v.ResendAfter.Sub(now))
		if v.ResendAfter.IsZero() {
			resend = 60
		}
		writeJSON(w, http.StatusAccepted, sendResponse{
			Status: "may_arrive", Message: "The code may still arrive. Please wait before asking for another.",
			ExpiresIn: seconds(v.Expires.Sub(now)), ResendAfter: resend,
		})
	case sms.CodeOf(err) == sms.RateLimited:
		retry(w, sms.RetryAfterOf(err))
		writeJSON(w, http.StatusTooManyRequests, sendResponse{Status: "rate_limited", Message: "Too many codes. Please wait.", ResendAfter: seconds(sms.RetryAfterOf(err))})
	case sms.CodeOf(err) == sms.InvalidArgument:
		writeJSON(w, http.StatusBadRequest, sendResponse{Status: "invalid", Message: "This number cannot receive codes."})
	default:
		s.logger().Error("verification code not sent", "err", err)
		retry(w, sms.RetryAfterOf(err))
		writeJSON(w, http.StatusServiceUnavailable, sendResponse{Status: "unavailable", Message: "No code was sent. Please try again later."})
	}
}

func (s *Service) check(w http.ResponseWriter, r *http.Request) {
	var req checkRequest
	if !decode(w, r, &req) {
		return
	}
	out, err := s.Verifier.Check(r.Context(), verify.Check{To: req.Phone, Purpose: req.Purpose, Code: req.Code, Key: clientKey(r)})
	switch {
	case err == nil && out.Approved():
		writeJSON(w, http.StatusOK, checkResponse{Status: out.Status.String()})
	case err == nil:
		resp := checkResponse{Status: out.Status.String()}
		if out.Status == verify.WrongCode && out.AttemptsLeft >= 0 {
			resp.AttemptsLeft = &out.AttemptsLeft
		}
		writeJSON(w, http.StatusForbidden, resp)
	case sms.CodeOf(err) == sms.RateLimited:
		retry(w, sms.RetryAfterOf(err))
		writeJSON(w, http.StatusTooManyRequests, checkResponse{Status: "rate_limited"})
	case sms.CodeOf(err) == sms.InvalidArgument:
		writeJSON(w, http.StatusBadRequest, checkResponse{Status: "invalid"})
	default:
		s.logger().Error("verification code not checked", "err", err)
		retry(w, sms.RetryAfterOf(err))
		writeJSON(w, http.StatusServiceUnavailable, checkResponse{Status: "unavailable"})
	}
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// clientKey is the caller's abuse key: the client's address. Behind a
// proxy, take it from the proxy's trusted header instead.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// decode reads a JSON body into v, or answers 400.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, sendResponse{Status: "invalid", Message: "The body is not the expected JSON."})
		return false
	}
	return true
}

// retry sets Retry-After to d rounded up to whole seconds, when known.
func retry(w http.ResponseWriter, d time.Duration) {
	if d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(seconds(d)))
	}
}

// seconds rounds d up to whole seconds, at least 0.
func seconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newStaging returns the staging service: codes go to a dry run.
func newStaging() (*Service, *dryrun.Sender, error) {
	sender, err := dryrun.New(dryrun.Options{Provider: aliyun.Name, Rules: Production.Rules(), Templates: Templates})
	if err != nil {
		return nil, nil, err
	}
	v, err := verify.NewGuarded(verify.Options{Sender: sender, Template: "login_code", Templates: Templates}, verify.GuardOptions{})
	if err != nil {
		return nil, nil, err
	}
	return &Service{Verifier: v}, sender, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	svc, sender, err := newStaging()
	if err != nil {
		slog.Error("setup", "err", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.Handle("/code/", svc.Handler())
	// The dry run's page shows full numbers and codes: staging only, behind
	// staff authentication (this example listens on loopback).
	mux.Handle("/dryrun/", http.StripPrefix("/dryrun", sender.Handler()))
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	slog.Info("listening", "addr", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		slog.Error("serve", "err", err)
		os.Exit(1)
	}
}
