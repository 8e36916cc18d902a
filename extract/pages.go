package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/socdw/socdw"
)

// maxPages bounds how many next_url pages one download follows: Kolada
// pages hold 5 000 values, so this is far past any answer socdw needs.
const maxPages = 1000

// FollowPages completes a downloaded JSON answer that is paged by
// `next_url` (Kolada's API): every following page is fetched and saved
// after the first, one JSON object after the other, into the same cached
// file, so the file holds the whole answer and is read as one. A file
// whose first page has no next_url is left as it is. The pages are
// written to a temporary file and renamed, as Fetch does.
func FollowPages(ctx context.Context, client *http.Client, path string, maxBytes int64) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxDownload
	}
	first, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	next := nextURL(first)
	if next == "" {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pages-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	total := int64(len(first))
	if _, err := tmp.Write(append(bytes.TrimSpace(first), '\n')); err != nil {
		return err
	}
	for page := 2; next != ""; page++ {
		if page > maxPages {
			return &Error{Ref: socdw.CellRef{File: next}, Err: fmt.Errorf("more than %d pages", maxPages)}
		}
		body, err := getPage(ctx, client, next, maxBytes-total)
		if err != nil {
			return &Error{Ref: socdw.CellRef{File: next}, Err: fmt.Errorf("page %d: %w", page, err)}
		}
		total += int64(len(body))
		if _, err := tmp.Write(append(bytes.TrimSpace(body), '\n')); err != nil {
			return err
		}
		next = nextURL(body)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// nextURL is the answer's next_url, or "" when there is none or the body
// is no JSON object.
func nextURL(body []byte) string {
	var p struct {
		NextURL string `json:"next_url"`
	}
	if json.Unmarshal(body, &p) != nil {
		return ""
	}
	return p.NextURL
}

func getPage(ctx context.Context, client *http.Client, url string, limit int64) ([]byte, error) {
	if limit <= 0 {
		return nil, ErrDownloadTooLarge
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("server answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, ErrDownloadTooLarge
	}
	return body, nil
}
