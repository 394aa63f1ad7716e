package aliyun_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/smskit/sms"
	"github.com/smskit/sms/middleware"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/require"
)

// The benchmarks of this file compare, in one run and one process, the
// provider with what a user would otherwise run: the bare SDK client called
// from the same stack depth, an SDK client per goroutine, and a minimal
// hand-signed client (handSigned, the limit). Each benchmark interleaves its
// variants in blocks of about 20 ms, so that the load of a shared machine
// and the garbage collector weigh on all of them alike, and reports for each
// variant its wall time (ns/send), its process CPU time (cpu-ns/send: every
// goroutine's, the collector's and the kernel's on behalf of the process)
// and its allocations per send, then the ratios that the goals are stated
// in. The standard ns/op and allocs/op average over all variants; read the
// per-variant metrics instead.
//
// Over loopback the emulator runs in a child process (the test binary
// itself, TestBenchEmulatorProcess), so that its CPU time is not counted as
// the client's.

// okBody is SendSms's answer to an accepted message.
const okBody = `{"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK","BizId":"900619746936498440^0"}`

// okAnswer is the HTTP answer that carries okBody.
var okAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: " +
	strconv.Itoa(len(okBody)) + "\r\n\r\n" + okBody

// memTransport answers every request with okBody at once, without
// net/http's Transport: with it, only the client's own work is measured.
type memTransport struct{}

func (memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json;charset=utf-8"}},
		Body:          io.NopCloser(strings.NewReader(okBody)),
		ContentLength: int64(len(okBody)),
		Request:       r,
	}, nil
}

// newPipeTransport is a real *http.Transport whose HTTPS connections are
// in-memory pipes to a responder that answers every request with okBody:
// the whole of net/http's client (connection pool, read and write loops,
// the http.Client's deadline) without a kernel, a network or a server worth
// measuring. The responder reads requests up to their blank line (none has
// a body) and allocates nothing. The SDK rewrites DialContext and
// TLSClientConfig of an *http.Transport it is given, but HTTPS requests use
// DialTLSContext, which it leaves alone.
func newPipeTransport(b *testing.B) *http.Transport {
	t := &http.Transport{
		DialTLSContext: func(context.Context, string, string) (net.Conn, error) {
			client, server := net.Pipe()
			go respond(server)
			return client, nil
		},
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64,
	}
	b.Cleanup(t.CloseIdleConnections)
	return t
}

// respond answers every request on conn with okAnswer until conn closes.
func respond(conn net.Conn) {
	defer conn.Close()
	in := bufio.NewReader(conn)
	for {
		for {
			line, err := in.ReadSlice('\n')
			if err != nil {
				return
			}
			if len(line) <= 2 { // "\r\n": the end of the header
				break
			}
		}
		if _, err := io.WriteString(conn, okAnswer); err != nil {
			return
		}
	}
}

// benchTemplates is the template the benchmarks send.
var benchTemplates = []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": aliyuntest.DefaultTemplateCode}}}

// benchParam is TemplateParam of every benchmark send.
const benchParam = `{"code":"123456"}`

// repeatNumbers is how many recipients the "repeat" cases rotate over; the
// recipient limit's clock moves fast enough that each may receive again.
const repeatNumbers = 1000

// national returns the i-th test recipient's 11 digits.
func national(i int) string { return "139" + strconv.Itoa(10_000_000+i%90_000_000) }

// number returns the i-th test recipient in E.164.
func number(i int) string { return "+86" + national(i) }

// benchMessage returns the message to the i-th recipient.
func benchMessage(i int) sms.Message {
	return sms.Message{To: number(i), Template: "login_code", Params: map[string]string{"code": "123456"}}
}

// bareRequest is what the provider sends to number i, built by hand.
func bareRequest(domain, scheme string, i int) *dysmsapi.SendSmsRequest {
	req := dysmsapi.CreateSendSmsRequest()
	req.Domain = domain
	req.Scheme = scheme
	req.PhoneNumbers = national(i)
	req.SignName = aliyuntest.DefaultSignName
	req.TemplateCode = aliyuntest.DefaultTemplateCode
	req.TemplateParam = benchParam
	return req
}

// newBareClient is a bare SDK client, as its documentation shows; a nil
// transport keeps the SDK's own.
func newBareClient(b *testing.B, transport http.RoundTripper) *dysmsapi.Client {
	client, err := dysmsapi.NewClientWithAccessKey("cn-hangzhou", testKeyID, testKeySecret)
	if err != nil {
		b.Fatal(err)
	}
	if transport != nil {
		client.SetTransport(transport)
	}
	return client
}

// bareSend sends to number i with a bare SDK client.
func bareSend(client *dysmsapi.Client, domain, scheme string, i int) error {
	resp, err := client.SendSms(bareRequest(domain, scheme, i))
	switch {
	case err != nil:
		return err
	case resp.Code != "OK":
		return errors.New("bare SDK send failed: " + resp.Code)
	}
	return nil
}

// newBenchSender is a provider Sender for endpoint over its own transport,
// or over transport when not nil.
func newBenchSender(b *testing.B, endpoint string, transport http.RoundTripper) *aliyun.Sender {
	o := aliyun.Options{
		AccessKeyID: testKeyID, AccessKeySecret: testKeySecret,
		SignName: aliyuntest.DefaultSignName, Templates: benchTemplates,
		Endpoint: endpoint, Transport: transport,
	}
	s, err := aliyun.New(o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.CloseIdleConnections)
	return s
}

// newBenchStack is the recommended stack, every layer active, with logging
// discarded (slog.DiscardHandler), or with every send formatted as JSON into
// io.Discard when formatted is set. Its clock moves 12.6 s at every reading,
// so that the recipient limit lets each of repeatNumbers recipients receive
// again when its turn comes.
func newBenchStack(next sms.Sender, formatted bool) sms.Sender {
	var tick atomic.Int64
	base := time.Now()
	now := func() time.Time { return base.Add(time.Duration(tick.Add(1)) * 12600 * time.Millisecond) }
	handler := slog.DiscardHandler
	if formatted {
		handler = slog.NewJSONHandler(io.Discard, nil)
	}
	return middleware.Stack(middleware.StackOptions{
		Logger:         slog.New(handler),
		RecipientLimit: middleware.RecipientLimitOptions{Now: now},
		RateLimit:      middleware.RateLimitOptions{Limit: 1e9, Burst: 1 << 20},
	})(next)
}

// send sends the message to recipient i through s.
func send(s sms.Sender, i int) error {
	_, err := s.Send(context.Background(), benchMessage(i))
	return err
}

// atDepth calls f depth frames below its caller, as an application's
// handler would call a sender.
//
//go:noinline
func atDepth(depth int, f func() error) error {
	if depth > 0 {
		return atDepth(depth-1, f)
	}
	return f()
}

// variant is one side of a comparison: run makes n sends.
type variant struct {
	name  string
	chunk int // sends per call of run
	run   func(n int) error

	sends         int
	wall, cpu     time.Duration
	allocs, bytes uint64
}

// sequential is a variant that sends one message at a time to recipient
// next(), which numbers the variant's sends from 0.
func sequential(name string, sendTo func(i int) error) *variant {
	i := 0
	return &variant{name: name, chunk: 1, run: func(n int) error {
		for range n {
			if err := sendTo(i); err != nil {
				return err
			}
			i++
		}
		return nil
	}}
}

// meter is a reading of the clocks a variant is measured with.
type meter struct {
	wall          time.Time
	cpu           time.Duration
	allocs, bytes uint64
}

func readMeter() meter {
	s := []metrics.Sample{
		{Name: "/gc/heap/allocs:objects"},
		{Name: "/gc/heap/tiny/allocs:objects"},
		{Name: "/gc/heap/allocs:bytes"},
	}
	metrics.Read(s)
	return meter{
		wall:   time.Now(),
		cpu:    processCPU(),
		allocs: s[0].Value.Uint64() + s[1].Value.Uint64(),
		bytes:  s[2].Value.Uint64(),
	}
}

func (v *variant) add(n int, from, to meter) {
	v.sends += n
	v.wall += to.wall.Sub(from.wall)
	v.cpu += to.cpu - from.cpu
	v.allocs += to.allocs - from.allocs
	v.bytes += to.bytes - from.bytes
}

func (v *variant) perSend(d time.Duration) float64 {
	if v.sends == 0 {
		return 0
	}
	return float64(d.Nanoseconds()) / float64(v.sends)
}

// ratio is a reported quotient of two variants' costs.
type ratio struct{ num, den string }

// interleave runs b.N sends, shared among vs in turn by blocks of about
// 20 ms, and reports each variant's costs per send and the ratios.
func interleave(b *testing.B, vs []*variant, ratios []ratio) {
	b.Helper()
	byName := map[string]*variant{}
	for _, v := range vs {
		byName[v.name] = v
	}
	for _, r := range ratios {
		if byName[r.num] == nil || byName[r.den] == nil {
			b.Fatalf("ratio %s/%s names an unknown variant", r.num, r.den)
		}
	}
	const block = 20 * time.Millisecond
	b.ReportAllocs()
	b.ResetTimer()
	for done, turn := 0, 0; done < b.N; turn++ {
		v := vs[turn%len(vs)]
		start := readMeter()
		n := 0
		for done < b.N {
			chunk := min(v.chunk, b.N-done)
			if err := v.run(chunk); err != nil {
				b.Fatalf("%s: %v", v.name, err)
			}
			n += chunk
			done += chunk
			if time.Since(start.wall) >= block {
				break
			}
		}
		v.add(n, start, readMeter())
	}
	b.StopTimer()
	for _, v := range vs {
		if v.sends == 0 {
			return // a calibration run too short for every variant
		}
	}
	for _, v := range vs {
		b.ReportMetric(v.perSend(v.wall), v.name+"-ns/send")
		b.ReportMetric(v.perSend(v.cpu), v.name+"-cpu-ns/send")
		b.ReportMetric(float64(v.allocs)/float64(v.sends), v.name+"-allocs/send")
	}
	for _, r := range ratios {
		num, den := byName[r.num], byName[r.den]
		b.ReportMetric(num.perSend(num.wall)/den.perSend(den.wall), "wall:"+r.num+"/"+r.den)
		b.ReportMetric(num.perSend(num.cpu)/den.perSend(den.cpu), "cpu:"+r.num+"/"+r.den)
	}
}

// BenchmarkInProcess is issue #10's first goal: the recommended stack over
// the provider against the bare SDK client, both called 10 and 40 frames
// deep, with the provider alone and the hand-signed limit beside them, and
// nothing else in the process. The SDK's signature nonce walks the calling
// goroutine's stack, so the bare client's cost grows with the depth; the
// provider's must not.
//
// "memory" answers on a RoundTripper that is not net/http's Transport
// (memTransport): only the clients' own work is measured, as in the issue's
// ratios, but net/http then enforces the SDK's http.Client.Timeout with a
// goroutine and a timer per request, which the SDK's own transport does not
// cost. "pipe" sends through net/http's Transport to an in-process responder
// (newPipeTransport), as every client does in production.
func BenchmarkInProcess(b *testing.B) {
	const endpoint = "https://dysmsapi.aliyuncs.com"
	transports := []struct {
		name string
		make func(*testing.B) http.RoundTripper
	}{
		{"memory", func(*testing.B) http.RoundTripper { return memTransport{} }},
		{"pipe", func(b *testing.B) http.RoundTripper { return newPipeTransport(b) }},
	}
	for _, tr := range transports {
		for _, depth := range []int{10, 40} {
			b.Run(tr.name+"/depth="+strconv.Itoa(depth), func(b *testing.B) {
				hand := newHandSigned(endpoint, testKeyID, testKeySecret, tr.make(b))
				client := newBareClient(b, tr.make(b))
				provider := newBenchSender(b, endpoint, tr.make(b))
				stack := newBenchStack(newBenchSender(b, endpoint, tr.make(b)), false)
				logged := newBenchStack(newBenchSender(b, endpoint, tr.make(b)), true)
				ctx := context.Background()
				interleave(b, []*variant{
					sequential("hand", func(i int) error {
						return atDepth(depth, func() error {
							_, err := hand.send(ctx, national(i%repeatNumbers), aliyuntest.DefaultSignName, aliyuntest.DefaultTemplateCode, benchParam)
							return err
						})
					}),
					sequential("sdk", func(i int) error {
						return atDepth(depth, func() error { return bareSend(client, "dysmsapi.aliyuncs.com", "https", i%repeatNumbers) })
					}),
					sequential("provider", func(i int) error {
						return atDepth(depth, func() error { return send(provider, i%repeatNumbers) })
					}),
					sequential("stack", func(i int) error {
						return atDepth(depth, func() error { return send(stack, i%repeatNumbers) })
					}),
					sequential("stack+log", func(i int) error {
						return atDepth(depth, func() error { return send(logged, i%repeatNumbers) })
					}),
				}, []ratio{{"stack", "sdk"}, {"stack+log", "sdk"}, {"provider", "sdk"}, {"sdk", "hand"}, {"provider", "hand"}})
			})
		}
	}
}

// BenchmarkAlone runs each client of BenchmarkInProcess alone, 10 frames
// deep on the in-memory transport, for profiles of one client at a time:
//
//	go test -run '^$' -bench 'Alone/provider' -cpuprofile cpu.out ./provider/aliyun
//	go tool pprof -top -cum cpu.out
func BenchmarkAlone(b *testing.B) {
	const (
		endpoint = "https://dysmsapi.aliyuncs.com"
		depth    = 10
	)
	ctx := context.Background()
	clients := []struct {
		name string
		make func(b *testing.B) func(i int) error
	}{
		{"hand", func(b *testing.B) func(int) error {
			hand := newHandSigned(endpoint, testKeyID, testKeySecret, memTransport{})
			return func(i int) error {
				_, err := hand.send(ctx, national(i), aliyuntest.DefaultSignName, aliyuntest.DefaultTemplateCode, benchParam)
				return err
			}
		}},
		{"sdk", func(b *testing.B) func(int) error {
			client := newBareClient(b, memTransport{})
			return func(i int) error { return bareSend(client, "dysmsapi.aliyuncs.com", "https", i) }
		}},
		{"provider", func(b *testing.B) func(int) error {
			provider := newBenchSender(b, endpoint, memTransport{})
			return func(i int) error { return send(provider, i) }
		}},
		{"stack", func(b *testing.B) func(int) error {
			stack := newBenchStack(newBenchSender(b, endpoint, memTransport{}), false)
			return func(i int) error { return send(stack, i) }
		}},
	}
	for _, c := range clients {
		b.Run(c.name, func(b *testing.B) {
			sendTo := c.make(b)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := atDepth(depth, func() error { return sendTo(i % repeatNumbers) }); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkLoopback sends to the emulator over loopback, 10 frames deep:
// the hand-signed limit, the bare SDK client, the provider and the
// recommended stack over the provider, in one run. "repeat" rotates over
// 1,000 recipients, each parsed once and then remembered; "distinct" sends
// every message to a number not seen before.
func BenchmarkLoopback(b *testing.B) {
	const depth = 10
	for _, distinct := range []bool{false, true} {
		name := "repeat"
		if distinct {
			name = "distinct"
		}
		b.Run(name, func(b *testing.B) {
			endpoint, host := emulatorProcess(b)
			recipient := func(i int) int {
				if distinct {
					return repeatNumbers + i
				}
				return i % repeatNumbers
			}
			hand := newHandSigned(endpoint, testKeyID, testKeySecret, newLoopbackTransport(b))
			client := newBareClient(b, nil)
			provider := newBenchSender(b, endpoint, nil)
			stack := newBenchStack(newBenchSender(b, endpoint, nil), false)
			ctx := context.Background()
			// The variants take turns, so each needs its own recipients
			// to keep "distinct" distinct.
			interleave(b, []*variant{
				sequential("hand", func(i int) error {
					return atDepth(depth, func() error {
						_, err := hand.send(ctx, national(recipient(i)), aliyuntest.DefaultSignName, aliyuntest.DefaultTemplateCode, benchParam)
						return err
					})
				}),
				sequential("sdk", func(i int) error {
					return atDepth(depth, func() error { return bareSend(client, host, "http", 1_000_000+recipient(i)) })
				}),
				sequential("provider", func(i int) error {
					return atDepth(depth, func() error { return send(provider, 2_000_000+recipient(i)) })
				}),
				sequential("stack", func(i int) error {
					return atDepth(depth, func() error { return send(stack, 3_000_000+recipient(i)) })
				}),
			}, []ratio{{"sdk", "hand"}, {"provider", "hand"}, {"stack", "hand"}, {"stack", "sdk"}})
		})
	}
}

// BenchmarkConcurrent64 sends from 64 goroutines to the emulator over
// loopback, 10 frames deep: one recommended stack over one provider Sender
// shared by all, against what a competent user of the SDK would do, an SDK
// client per goroutine (the client is not safe for concurrent use), each
// with the SDK's own transport.
func BenchmarkConcurrent64(b *testing.B) {
	const (
		goroutines = 64
		depth      = 10
	)
	endpoint, host := emulatorProcess(b)
	stack := newBenchStack(newBenchSender(b, endpoint, nil), false)
	clients := make([]*dysmsapi.Client, goroutines)
	for g := range clients {
		clients[g] = newBareClient(b, nil)
	}
	ctx := context.Background()
	// concurrent makes n sends from the goroutines, numbered from next,
	// and adds the connections the emulator accepted meanwhile to conns.
	concurrent := func(name string, next, conns *atomic.Int64, sendTo func(g, i int) error) *variant {
		return &variant{name: name, chunk: 4 * goroutines, run: func(n int) error {
			before := emulatorConns(b)
			defer func() { conns.Add(emulatorConns(b) - before) }()
			end := next.Load() + int64(n)
			var wg sync.WaitGroup
			var failed atomic.Pointer[error]
			for g := range goroutines {
				wg.Go(func() {
					for i := next.Add(1) - 1; i < end; i = next.Add(1) - 1 {
						if err := atDepth(depth, func() error { return sendTo(g, int(i)) }); err != nil {
							failed.Store(&err)
							return
						}
					}
				})
			}
			wg.Wait()
			next.Store(end)
			if err := failed.Load(); err != nil {
				return *err
			}
			return nil
		}}
	}
	var stackNext, sdkNext, stackConns, sdkConns atomic.Int64
	interleave(b, []*variant{
		concurrent("stack", &stackNext, &stackConns, func(_, i int) error {
			_, err := stack.Send(ctx, benchMessage(i%repeatNumbers))
			return err
		}),
		concurrent("sdk", &sdkNext, &sdkConns, func(g, i int) error {
			return bareSend(clients[g], host, "http", 1_000_000+i%repeatNumbers)
		}),
	}, []ratio{{"stack", "sdk"}})
	b.ReportMetric(float64(stackNext.Load()), "stack-sends")
	b.ReportMetric(float64(stackConns.Load()), "stack-conns")
	b.ReportMetric(float64(sdkConns.Load()), "sdk-conns")
}

// newLoopbackTransport is a transport with an idle pool for the
// benchmarks' concurrency.
func newLoopbackTransport(b *testing.B) *http.Transport {
	t := &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}
	b.Cleanup(t.CloseIdleConnections)
	return t
}

// emulatorProcessEnv, set to 1, makes TestBenchEmulatorProcess serve.
const emulatorProcessEnv = "SMSKIT_ALIYUN_BENCH_EMULATOR"

// TestBenchEmulatorProcess is the benchmarks' emulator: started by them as
// a child process, it serves an emulator without frequency limits on
// loopback and prints its URL; then it forgets every message when it reads
// "reset", prints how many connections it has accepted when it reads
// "conns", and exits when its standard input closes (when the benchmarks'
// process ends).
func TestBenchEmulatorProcess(t *testing.T) {
	if os.Getenv(emulatorProcessEnv) != "1" {
		t.Skip("the benchmarks' emulator process: runs only when they start it")
	}
	emu := aliyuntest.New(aliyuntest.Options{
		Keys:   map[string]string{testKeyID: testKeySecret},
		Limits: aliyuntest.Limits{Disabled: true},
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var conns atomic.Int64
	srv := &http.Server{Handler: emu, ConnState: func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()
	fmt.Println("emulator", "http://"+l.Addr().String())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		switch in.Text() {
		case "reset":
			emu.Reset()
			fmt.Println("reset")
		case "conns":
			fmt.Println("conns", conns.Load())
		}
	}
}

// benchEmulator is the one emulator process of a benchmark run.
var benchEmulator struct {
	once sync.Once
	url  string
	host string
	in   io.Writer
	out  *bufio.Scanner
	err  error
}

// emulatorProcess returns the URL and host of the emulator process,
// starting it on first use and emptying it of messages on every use.
func emulatorProcess(b *testing.B) (url, host string) {
	b.Helper()
	e := &benchEmulator
	e.once.Do(func() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBenchEmulatorProcess$", "-test.count=1", "-test.timeout=0")
		cmd.Env = append(os.Environ(), emulatorProcessEnv+"=1")
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			e.err = err
			return
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			e.err = err
			return
		}
		if e.err = cmd.Start(); e.err != nil {
			return
		}
		e.in, e.out = in, bufio.NewScanner(out)
		for e.out.Scan() {
			if u, ok := strings.CutPrefix(e.out.Text(), "emulator "); ok {
				e.url, e.host = u, strings.TrimPrefix(u, "http://")
				return
			}
		}
		e.err = errors.New("the emulator process ended without serving")
	})
	if e.err != nil {
		b.Fatal(e.err)
	}
	if _, err := fmt.Fprintln(e.in, "reset"); err != nil {
		b.Fatal(err)
	}
	for e.out.Scan() && e.out.Text() != "reset" {
	}
	return e.url, e.host
}

// emulatorConns returns how many connections the emulator process has
// accepted so far.
func emulatorConns(b *testing.B) int64 {
	e := &benchEmulator
	if _, err := fmt.Fprintln(e.in, "conns"); err != nil {
		b.Fatal(err)
	}
	for e.out.Scan() {
		if n, ok := strings.CutPrefix(e.out.Text(), "conns "); ok {
			conns, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return conns
		}
	}
	b.Fatal("the emulator process ended")
	return 0
}
