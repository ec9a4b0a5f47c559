// SPDX-License-Identifier: EUPL-1.2

// Command licences writes docs/licences.md from go.mod: every module whose
// code is linked into the cityspend binary, and those only the tests use,
// each with the licence its licence files hold. It exits non-zero when a
// linked module's licence is unknown or not one that lets the whole be
// distributed under EUPL-1.2. Run it as scripts/licences.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx := context.Background()
	doc, problems, err := generate(ctx, ".")
	if err != nil {
		log.Error("licences", "err", err)
		os.Exit(1)
	}
	if _, err := os.Stdout.Write(doc); err != nil {
		log.Error("licences: write", "err", err)
		os.Exit(1)
	}
	for _, p := range problems {
		log.Error("licence not allowed", "problem", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
}

// platforms are those the binary is built for here: the ones
// duckdb-go-bindings ships DuckDB's prebuilt libraries for (cgo on).
var platforms = []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64"}

// allowed are the licences under which code may be part of a work that is
// distributed as a whole under EUPL-1.2, with why.
var allowed = map[string]string{
	"MIT":          "permissive: use, change, sublicense and distribute, keeping the copyright notice and the permission notice in copies.",
	"MIT-0":        "permissive without conditions: not even the notice need be kept.",
	"BSD-2-Clause": "permissive: redistribution in source or binary form keeps the copyright notice, the two conditions and the disclaimer (for binaries, in the documentation or other material).",
	"BSD-3-Clause": "permissive: as BSD-2-Clause, and the authors' names may not be used to promote the work without permission.",
	"ISC":          "permissive: use, change and distribute, keeping the copyright notice and the permission notice in copies.",
	"Apache-2.0": "permissive: section 4 lets a work that includes the code be distributed under other terms as a whole, " +
		"keeping the licence, the copyright, patent and attribution notices (and a NOTICE file, when there is one) and marking changed files; " +
		"it adds a patent licence, which ends for anyone who sues claiming the work infringes a patent.",
	"MPL-2.0": "file-level copyleft: the MPL-covered files stay under MPL-2.0 and their source must be available, " +
		"while the larger work that includes them may be under terms of one's choice (section 3.3); " +
		"the EUPL-1.2's appendix also lists MPL-2.0 as a compatible licence.",
}

// module is one module of the build, with its licence.
type module struct {
	Path, Version, Dir string
	pkgDirs            map[string]bool // directories of its packages in the build
	Licence            string          // SPDX expression, or Unknown
	Why                string          // why it is Unknown
	Files              []string        // its licence files, relative to Dir
	NoticeFiles        []string        // its attribution notices, relative to Dir
	Notes              []string        // files a person read, and what they found
}

// reviewed are licence files classify cannot tell that a person has read,
// by the SHA-256 of their content: a file that changes is unknown again
// until someone reads it again.
var reviewed = map[string]struct{ licence, why string }{
	// The Go toolchain's src/crypto/internal/boring/LICENSE (go1.26).
	"56210f826b8f0fbac3160dfe55c97f4019eb6cdda3963b5a0eab8a8bdb62360e": {"BSD-3-Clause",
		"it says the Go code in its directory is under Go's licence; the BoringSSL object file it goes on to describe " +
			"(OpenSSL, SSLeay, ISC and Intel licences) is linked only with GOEXPERIMENT=boringcrypto, which cityspend is not built with"},
}

// goPackage is what go list -json says of a package.
type goPackage struct {
	Dir      string
	Standard bool
	Module   *struct {
		Path, Version, Dir string
		Main               bool
	}
}

// std is the key of the Go standard library and runtime among the modules.
const std = "std"

// generate returns the document for the module at root, and what is wrong
// with the licences of the modules the binary links.
func generate(ctx context.Context, root string) (doc []byte, problems []string, err error) {
	goroot, err := goCmd(ctx, root, nil, "env", "GOROOT")
	if err != nil {
		return nil, nil, err
	}
	goroot = strings.TrimSpace(goroot)
	bin := map[string]*module{}
	tests := map[string]*module{}
	for _, p := range platforms {
		if err := list(ctx, root, p, bin, goroot, "./cmd/cityspend"); err != nil {
			return nil, nil, err
		}
		if err := list(ctx, root, p, tests, goroot, "-test", "./..."); err != nil {
			return nil, nil, err
		}
	}
	delete(tests, std)
	for path := range bin {
		delete(tests, path)
	}
	for _, ms := range []map[string]*module{bin, tests} {
		for _, m := range ms {
			if err := identify(ctx, root, m); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, m := range sorted(bin) {
		for _, id := range strings.Split(m.Licence, " AND ") {
			if _, ok := allowed[id]; !ok {
				problems = append(problems, fmt.Sprintf("%s %s: %s %s", m.Path, m.Version, m.Licence, m.Why))
				break
			}
		}
	}
	others, err := neither(ctx, root, bin, tests)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	write(&b, sorted(bin), sorted(tests), others)
	return b.Bytes(), problems, nil
}

// list adds to ms the modules of the packages go list -deps gives for args
// on one platform.
func list(ctx context.Context, root, platform string, ms map[string]*module, goroot string, args ...string) error {
	goos, goarch, _ := strings.Cut(platform, "/")
	env := []string{"CGO_ENABLED=1", "GOOS=" + goos, "GOARCH=" + goarch}
	out, err := goCmd(ctx, root, env, append([]string{"list", "-deps", "-json=Dir,Standard,Module"}, args...)...)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("go list on %s: %w", platform, err)
		}
		var m *module
		switch {
		case p.Standard:
			m = ms[std]
			if m == nil {
				m = &module{Path: std, Dir: goroot, pkgDirs: map[string]bool{}}
				ms[std] = m
			}
		case p.Module != nil && !p.Module.Main:
			m = ms[p.Module.Path]
			if m == nil {
				m = &module{Path: p.Module.Path, Version: p.Module.Version, Dir: p.Module.Dir, pkgDirs: map[string]bool{}}
				ms[p.Module.Path] = m
			}
		default:
			continue // cityspend itself
		}
		if p.Dir != "" {
			m.pkgDirs[p.Dir] = true
		}
	}
}

var (
	// licenceFile is the name of a file that holds a licence: which
	// licence is decided by what it says, not by its name.
	licenceFile = regexp.MustCompile(`(?i)^(un)?(licen[cs]e|copying)([-_.](md|txt|rst|mit|apache|apache2|bsd|mpl))?$|^(licen[cs]e|copying)-[a-z0-9]+$`)
	// noticeFile is the name of an attribution notice (Apache-2.0's
	// NOTICE), passed on with the licence.
	noticeFile = regexp.MustCompile(`(?i)^notice(\.(md|txt))?$`)
)

// identify finds the licence files that govern the module's packages in the
// build (in each package's directory and those above it, up to the
// module's) and classifies them.
func identify(ctx context.Context, root string, m *module) error {
	if m.Dir == "" {
		out, err := goCmd(ctx, root, nil, "mod", "download", "-json", m.Path+"@"+m.Version)
		if err != nil {
			return err
		}
		var d struct{ Dir string }
		if err := json.Unmarshal([]byte(out), &d); err != nil || d.Dir == "" {
			return fmt.Errorf("go mod download %s@%s: no directory (%v)", m.Path, m.Version, err)
		}
		m.Dir = d.Dir
	}
	dirs := map[string]bool{m.Dir: true}
	for d := range m.pkgDirs {
		for ; len(d) > len(m.Dir) && strings.HasPrefix(d, m.Dir); d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	found := map[string]bool{}
	for d := range dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			return fmt.Errorf("licences of %s: %w", m.Path, err)
		}
		for _, e := range entries {
			licence, notice := licenceFile.MatchString(e.Name()), noticeFile.MatchString(e.Name())
			if !e.Type().IsRegular() || !licence && !notice {
				continue
			}
			rel, err := filepath.Rel(m.Dir, filepath.Join(d, e.Name()))
			if err != nil {
				return fmt.Errorf("licences of %s: %w", m.Path, err)
			}
			if licence {
				m.Files = append(m.Files, filepath.ToSlash(rel))
			} else {
				m.NoticeFiles = append(m.NoticeFiles, filepath.ToSlash(rel))
			}
		}
	}
	sort.Strings(m.Files)
	sort.Strings(m.NoticeFiles)
	if len(m.Files) == 0 {
		m.Licence, m.Why = Unknown, "no licence file"
		return nil
	}
	for _, f := range m.Files {
		text, err := os.ReadFile(filepath.Join(m.Dir, filepath.FromSlash(f)))
		if err != nil {
			return fmt.Errorf("licences of %s: %w", m.Path, err)
		}
		ids, why := classify(string(text))
		if r, ok := reviewed[fmt.Sprintf("%x", sha256.Sum256(text))]; ok && why != "" {
			ids, why = []string{r.licence}, ""
			m.Notes = append(m.Notes, fmt.Sprintf("`%s`: %s", f, r.why))
		}
		if why != "" {
			m.Licence, m.Why = Unknown, f+": "+why
			return nil
		}
		for _, id := range ids {
			found[id] = true
		}
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	m.Licence = strings.Join(ids, " AND ")
	return nil
}

// neither returns go.mod's requirements that no package of the binary or
// of the tests uses on the platforms.
func neither(ctx context.Context, root string, bin, tests map[string]*module) ([][2]string, error) {
	out, err := goCmd(ctx, root, nil, "mod", "edit", "-json")
	if err != nil {
		return nil, err
	}
	var gomod struct {
		Require []struct{ Path, Version string }
	}
	if err := json.Unmarshal([]byte(out), &gomod); err != nil {
		return nil, fmt.Errorf("go mod edit -json: %w", err)
	}
	var rest [][2]string
	for _, r := range gomod.Require {
		if bin[r.Path] == nil && tests[r.Path] == nil {
			rest = append(rest, [2]string{r.Path, r.Version})
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i][0] < rest[j][0] })
	return rest, nil
}

func sorted(ms map[string]*module) []*module {
	out := make([]*module, 0, len(ms))
	for _, m := range ms {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// goCmd runs the go command in dir with env added, and returns its output.
func goCmd(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s %s: %w: %s", strings.Join(args, " "), strings.Join(env, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
