package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/socdw/socdw"
)

// DefaultMaxDownload is the largest file an http(s) source may serve.
const DefaultMaxDownload = 1 << 30

// ErrDownloadTooLarge is returned for a download past the size limit.
var ErrDownloadTooLarge = errors.New("download larger than the limit")

// Fetched is a downloaded file in the cache.
type Fetched struct {
	Path        string // the cached copy, read like any file
	NotModified bool   // the server said 304: the cached copy is current
}

type fetchMeta struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	File         string `json:"file"`
}

// NewHTTPClient is a client with timeouts for every phase, so a hung
// intranet server cannot hold the nightly run.
func NewHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 10 * time.Minute,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 15 * time.Second}).DialContext,
			TLSHandshakeTimeout:   15 * time.Second,
			ResponseHeaderTimeout: time.Minute,
		},
	}
}

// Fetch downloads rawURL into dir, asking the server with the ETag and
// Last-Modified of the last download whether anything changed. The file
// is written to a temporary name and renamed, so a broken download never
// replaces a good copy.
func Fetch(ctx context.Context, client *http.Client, rawURL, dir string, maxBytes int64) (Fetched, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxDownload
	}
	fail := func(err error) (Fetched, error) {
		return Fetched{}, &Error{Ref: socdw.CellRef{File: rawURL}, Err: err}
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return fail(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	sum := sha256.Sum256([]byte(rawURL))
	id := hex.EncodeToString(sum[:8])
	name := path.Base(u.Path)
	if name == "" || name == "/" || name == "." {
		name = "download"
	}
	target := filepath.Join(dir, id+"-"+name)
	metaPath := filepath.Join(dir, id+".meta.json")
	var meta fetchMeta
	if b, err := os.ReadFile(metaPath); err == nil {
		json.Unmarshal(b, &meta)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fail(err)
	}
	if _, err := os.Stat(target); err == nil {
		if meta.ETag != "" {
			req.Header.Set("If-None-Match", meta.ETag)
		}
		if meta.LastModified != "" {
			req.Header.Set("If-Modified-Since", meta.LastModified)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return Fetched{Path: target, NotModified: true}, nil
	case resp.StatusCode != http.StatusOK:
		return fail(fmt.Errorf("server answered %s", resp.Status))
	case resp.ContentLength > maxBytes:
		return fail(fmt.Errorf("%w: %d bytes, the limit is %d", ErrDownloadTooLarge, resp.ContentLength, maxBytes))
	}
	tmp, err := os.CreateTemp(dir, ".download-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(resp.Body, maxBytes+1))
	if err == nil && n > maxBytes {
		err = fmt.Errorf("%w: more than %d bytes", ErrDownloadTooLarge, maxBytes)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fail(err)
	}
	meta = fetchMeta{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), File: filepath.Base(target)}
	b, _ := json.Marshal(meta)
	if err := os.WriteFile(metaPath, b, 0o644); err != nil {
		return fail(err)
	}
	return Fetched{Path: target}, nil
}
