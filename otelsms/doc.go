// Package otelsms records OpenTelemetry traces and metrics of SMS sends, in
// the manner of otelhttp and otelgrpc: middleware for a stack of smskit
// Senders, following the messaging semantic conventions where they fit.
//
//	tel, err := otelsms.New(otelsms.Options{Provider: aliyun.Name}) // global providers by default
//	if err != nil {
//		return err
//	}
//	stack, err := middleware.NewStack(middleware.StackOptions{
//		Breaker: middleware.BreakerOptions{Name: aliyun.Name, OnStateChange: tel.BreakerStateChanged},
//	})
//	if err != nil {
//		return err
//	}
//	sender := sms.Chain(tel.Send(), stack)(tel.Attempt()(provider))
//
// # Spans
//
// Send, outermost, starts one span per logical send: kind PRODUCER (the
// send creates the message), named "send {provider}". Attempt, placed
// inside middleware.Retry (simplest: around the provider itself, under the
// whole stack), starts one child span per call that reaches the provider,
// kind CLIENT, with the same name and sms.attempt, the attempt's number
// within its send. Attempts that the Breaker or RateLimit stopped before
// the provider have no attempt span; the send span says why it failed.
//
// Attributes, all low-cardinality or ids:
//
//	messaging.system          the provider: Options.Provider, else the
//	                          Result's or the *sms.Error's Provider
//	messaging.operation.name  "send"
//	messaging.operation.type  "send"
//	messaging.message.id      Result.MessageID, on success
//	error.type                the error's sms.Code, such as "rate_limited"
//	sms.may_have_been_accepted on failure: true unless the error says the
//	                          message was definitely not accepted
//	sms.provider_code         the provider's error code, on failure
//	sms.template              Message.Template (a name or template code)
//	sms.attempts              on the send span: attempts made (Retry's count)
//	sms.attempt               on an attempt span: its number, from 1
//	sms.dry_run               true when package dryrun answered
//
// A failed span has status Error, described by the *sms.Error's text, which
// by smskit's rules holds no secret or personal data; an error that is not
// an *sms.Error is described by its code only. The recipient, params, body,
// sign and reference are never recorded, on spans or metrics.
//
// # Metrics
//
// Send records, once per logical send:
//
//	messaging.client.operation.duration  histogram, seconds
//	messaging.client.sent.messages       counter, {message}
//
// both with messaging.system, messaging.operation.name, sms.outcome ("ok",
// "not_accepted", "may_have_been_accepted") and, on failure, error.type.
//
// BreakerStateChanged, given as middleware.BreakerOptions.OnStateChange,
// records:
//
//	sms.breaker.state          gauge: 0 closed, 1 half-open, 2 open
//	sms.breaker.state_changes  counter
//
// with sms.breaker.name and, on the counter, sms.breaker.from and
// sms.breaker.to.
//
// # Cost
//
// With a no-op tracer and meter provider (the global default until one is
// set) a send pays two clock reads, two no-op span starts (two small
// allocations: the no-op tracer's contexts) and two no-op measurements;
// the metrics' attribute sets are made once per provider, outcome and
// error type. See BENCHMARKS.md for the numbers, with the SDK recording
// too.
//
// # Dependencies
//
// OpenTelemetry is imported by this package only: the core package,
// middleware and the providers do not depend on it, and an application
// that does not import otelsms builds none of it.
package otelsms
