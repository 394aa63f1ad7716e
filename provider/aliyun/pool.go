package aliyun

import (
	"net/http"
	"sync"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
)

// pooledClient is one SDK client with its own transport wrapper. The SDK
// client is not safe for concurrent use (it rewrites its http.Client on every
// call), so each in-flight call takes a client of its own from the pool.
type pooledClient struct {
	api     *dysmsapi.Client
	current *call
}

// clientPool hands out pooledClients; all share one base transport and one
// credentials provider.
type clientPool struct {
	settings *settings
	base     http.RoundTripper
	creds    credentials.CredentialsProvider
	free     sync.Pool
}

// get returns a free client, making one if none is free.
func (p *clientPool) get() (*pooledClient, error) {
	if c, ok := p.free.Get().(*pooledClient); ok {
		return c, nil
	}
	return p.newClient()
}

// put returns c to the pool once its call is over.
func (p *clientPool) put(c *pooledClient) {
	c.current = nil
	p.free.Put(c)
}

// newClient makes an SDK client that never retries, uses the Sender's
// transport and credentials, and never resolves endpoints over the network.
func (p *clientPool) newClient() (*pooledClient, error) {
	c := &pooledClient{}
	cfg := sdk.NewConfig()
	cfg.AutoRetry = false
	cfg.MaxRetryTime = 0
	cfg.Scheme = p.settings.scheme
	cfg.Transport = &callTransport{base: p.base, client: c}
	api, err := dysmsapi.NewClientWithOptions(p.settings.RegionID, cfg, &callCredentials{shared: p.creds, client: c})
	if err != nil {
		return nil, err
	}
	api.Domain = p.settings.domain
	api.SetReadTimeout(p.settings.Timeout) // the SDK makes it http.Client.Timeout, the whole call
	api.SetConnectTimeout(p.settings.ConnectTimeout)
	api.SetCloseTrace(true) // spans would carry the signed URL
	c.api = api
	return c, nil
}
