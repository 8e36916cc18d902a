package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Find lists the files a source path names: the file itself, every file
// under a directory (recursively), or every match of a glob, sorted.
// Hidden files, Excel lock files (~$x.xlsx) and partial downloads are
// passed over.
func Find(path string) ([]string, error) { return find(path, wanted) }

// FindEvery is Find without passing anything over: what a run lists as
// ignored comes from here (see Ignored).
func FindEvery(path string) ([]string, error) {
	return find(path, func(string) bool { return true })
}

func find(path string, keep func(string) bool) ([]string, error) {
	var out []string
	if strings.ContainsAny(path, "*?[") {
		matches, err := filepath.Glob(path)
		if err != nil {
			return nil, fmt.Errorf("glob %s: %w", path, err)
		}
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() && keep(m) {
				out = append(out, m)
			}
		}
		sort.Strings(out)
		return out, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != path && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && keep(p) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func wanted(p string) bool {
	name := filepath.Base(p)
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"):
		return false
	case strings.HasSuffix(name, ".part"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".crdownload"):
		return false
	}
	return true
}

// SHA256 is the hex checksum of a file's content: it decides whether a
// file is new, changed or the same as last loaded.
func SHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
