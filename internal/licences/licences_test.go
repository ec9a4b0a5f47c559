// SPDX-License-Identifier: EUPL-1.2

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The root of the repository, from this package's directory.
var root = filepath.Join("..", "..")

// TestDocIsCurrent fails when docs/licences.md is not what the generator
// writes now (after a change to go.mod, run scripts/licences), or when a
// module the binary links has a licence that is unknown or not allowed.
func TestDocIsCurrent(t *testing.T) {
	doc, problems, err := generate(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("licence not allowed: %s", p)
	}
	have, err := os.ReadFile(filepath.Join(root, "docs", "licences.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(have) != string(doc) {
		h, w := strings.Split(string(have), "\n"), strings.Split(string(doc), "\n")
		for i := 0; i < max(len(h), len(w)); i++ {
			var hl, wl string
			if i < len(h) {
				hl = h[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if hl != wl {
				t.Fatalf("docs/licences.md is stale: run scripts/licences\nline %d is\n\t%s\nthe generator writes\n\t%s", i+1, hl, wl)
			}
		}
	}
}

// Excerpts: each licence's first sentence, the sentences that tell it
// from its neighbours, and its last; not whole licence texts.
const (
	mit = `Copyright (c) 2024 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, subject to the following conditions:
The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND. IN NO EVENT
SHALL THE AUTHORS BE LIABLE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`
	mit0 = `MIT No Attribution

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, and to permit persons to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND ... OR OTHER DEALINGS IN THE
SOFTWARE.
`
	bsd2 = `BSD 2-Clause License

Redistribution and use in source and binary forms, with or without modification,
are permitted provided that the following conditions are met:
* Redistributions of source code must retain the above copyright notice, ...
* Redistributions in binary form must reproduce the above copyright notice, ...
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. ... EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`
	bsd3 = `Copyright (c) 2009 The Go Authors. All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are
met:
   * Redistributions of source code must retain the above copyright
notice, this list of conditions and the following disclaimer.
   * Redistributions in binary form must reproduce the above
copyright notice, this list of conditions and the following disclaimer.
   * Neither the name of Google Inc. nor the names of its
contributors may be used to endorse or promote products derived from
this software without specific prior written permission.
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
A PARTICULAR PURPOSE ARE DISCLAIMED. ... EVEN IF ADVISED OF THE
POSSIBILITY OF SUCH DAMAGE.
`
	apache = `                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
   2. Grant of Copyright License. Subject to the terms and conditions of
      this License, ...
   3. Grant of Patent License. Subject to the terms and conditions of
      this License, ...
      You may add Your own copyright statement to Your modifications and
      may provide additional or different license terms and conditions ...
      incurred by, or claims asserted against, such Contributor by reason
      of your accepting any such warranty or additional liability.

   END OF TERMS AND CONDITIONS
`
	apacheNotice = `Copyright 2024 Someone

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law ... See the License for the specific
language governing permissions and limitations under the License.
`
	isc = `Copyright (c) 2024 Someone

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE ... ARISING OUT OF OR IN CONNECTION WITH THE
USE OR PERFORMANCE OF THIS SOFTWARE.
`
	mpl = `Mozilla Public License Version 2.0
==================================
3.3. Distribution of a Larger Work

You may create and distribute a Larger Work under terms of Your choice, ...
Exhibit A - Source Code Form License Notice
  This Source Code Form is subject to the terms of the Mozilla Public
  License, v. 2.0. ...
Exhibit B - "Incompatible With Secondary Licenses" Notice
  This Source Code Form is "Incompatible With Secondary Licenses", as
  defined by the Mozilla Public License, v. 2.0.
`
	mplNotice = `This Source Code Form is subject to the terms of the Mozilla Public
License, v. 2.0. If a copy of the MPL was not distributed with this
file, You can obtain one at https://mozilla.org/MPL/2.0/.
`
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"MIT", mit, []string{"MIT"}},
		{"MIT with its title", "The MIT License (MIT)\n\n" + mit, []string{"MIT"}},
		{"MIT-0", mit0, []string{"MIT-0"}},
		{"BSD-2-Clause", bsd2, []string{"BSD-2-Clause"}},
		{"BSD-3-Clause", bsd3, []string{"BSD-3-Clause"}},
		{"Apache-2.0", apache, []string{"Apache-2.0"}},
		{"Apache-2.0 without its last line", strings.Replace(apache, "END OF TERMS AND CONDITIONS", "", 1), []string{"Apache-2.0"}},
		{"Apache-2.0 with its appendix", apache + "\nAPPENDIX: How to apply the Apache License to your work.\n" + apacheNotice, []string{"Apache-2.0"}},
		{"the Apache-2.0 notice", apacheNotice, []string{"Apache-2.0"}},
		{"ISC", isc, []string{"ISC"}},
		{"ISC, older wording", strings.Replace(isc, "and/or", "and", 1), []string{"ISC"}},
		{"MPL-2.0", mpl, []string{"MPL-2.0"}},
		{"the MPL-2.0 notice", mplNotice, []string{"MPL-2.0"}},
		{"curly quotes", strings.ReplaceAll(mit, `"AS IS"`, "\u201cAS IS\u201d"), []string{"MIT"}},
		{"a module's licence and those of code it includes", bsd3 + "\n------\nFiles: s2/cmd/internal/readahead/*\n\n" + mit + "\n------\n" + apache, []string{"Apache-2.0", "BSD-3-Clause", "MIT"}},
		{"based on, with its licence", mit + "\n- Based on https://example.org/x, which has the following license:\n\"\"\"\n" + mit + "\"\"\"\n", []string{"MIT"}},

		{"empty", "", []string{Unknown}},
		{"GPL", "This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.\n", []string{Unknown}},
		{"a restriction beside a known text", mit + "\nThis software may not be used for commercial purposes.\n", []string{Unknown}},
		{"MIT without its condition", strings.Replace(mit, "The above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.", "", 1), []string{Unknown}},
		{"MIT without its end", mit[:strings.Index(mit, "OTHER DEALINGS")], []string{Unknown}},
		{"BSD with the advertising clause", strings.Replace(bsd3, "   * Neither", "   * All advertising materials mentioning features or use of this software\nmust display the following acknowledgement.\n   * Neither", 1), []string{Unknown}},
		{"BSD-2-Clause without its binary clause", strings.Replace(bsd2, "* Redistributions in binary form must reproduce the above copyright notice, ...", "", 1), []string{Unknown}},
		{"Apache without the patent grant", strings.Replace(apache, "Grant of Patent License", "Patents", 1), []string{Unknown}},
		{"MPL-1.1", "MOZILLA PUBLIC LICENSE\nVersion 1.1\n\n1. Definitions.\n1.0.1. \"Commercial Use\" means distribution or otherwise making the Covered Code available to a third party.\n", []string{Unknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := classify(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("classify = %v (%s), want %v", got, why, tt.want)
			}
			if (why != "") != slices.Equal(got, []string{Unknown}) {
				t.Errorf("classify = %v with reason %q: a reason goes with unknown only", got, why)
			}
		})
	}
}

// TestAddedClause takes a real MIT text, DuckDB's in the module cache, and
// adds the clause of the JSON licence to it: that is no longer MIT.
func TestAddedClause(t *testing.T) {
	out, err := goCmd(context.Background(), root, nil, "list", "-m", "-json", "github.com/duckdb/duckdb-go-bindings")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Dir == "" {
		t.Skipf("duckdb-go-bindings not in the module cache (%v)", err)
	}
	b, err := os.ReadFile(filepath.Join(m.Dir, "LICENSE"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if got, why := classify(text); !slices.Equal(got, []string{"MIT"}) {
		t.Fatalf("DuckDB's licence = %v (%s), want MIT", got, why)
	}
	condition := "portions of the Software."
	if !strings.Contains(text, condition) {
		t.Fatalf("DuckDB's licence has no %q", condition)
	}
	withClause := strings.Replace(text, condition, condition+"\n\nThe Software shall be used for Good, not Evil.", 1)
	if got, _ := classify(withClause); !slices.Equal(got, []string{Unknown}) {
		t.Errorf("MIT with a clause added = %v, want unknown", got)
	}
}

// TestSystemLicences classifies the full texts Debian keeps in
// /usr/share/common-licenses, where there are.
func TestSystemLicences(t *testing.T) {
	tests := map[string]string{
		"Apache-2.0": "Apache-2.0",
		"MPL-2.0":    "MPL-2.0",
		"BSD":        "BSD-3-Clause",
		"MPL-1.1":    Unknown,
		"GPL-2":      Unknown,
		"GPL-3":      Unknown,
		"LGPL-2.1":   Unknown,
		"LGPL-3":     Unknown,
		"CC0-1.0":    Unknown,
		"Artistic":   Unknown,
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("/usr/share/common-licenses", file))
			if os.IsNotExist(err) {
				t.Skipf("no %s here", file)
			} else if err != nil {
				t.Fatal(err)
			}
			if got, why := classify(string(b)); !slices.Equal(got, []string{want}) {
				t.Errorf("classify = %v (%s), want %s", got, why, want)
			}
		})
	}
}

func TestLicenceFileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"LICENSE": true, "LICENSE.txt": true, "LICENCE.md": true, "License": true, "COPYING": true,
		"LICENSE-MIT": true, "LICENSE-APACHE": true, "UNLICENSE": true,
		"license.go": false, "licenses": false, "LICENSE.go": false, "NOTICE": false, "README.md": false,
	} {
		if got := licenceFile.MatchString(name); got != want {
			t.Errorf("licenceFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzClassify: any text gets known licences, sorted, or unknown with a
// reason.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{mit, mit0, bsd2, bsd3, apache, apacheNotice, isc, mpl, mplNotice, bsd3 + mit, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ids, why := classify(text)
		if slices.Equal(ids, []string{Unknown}) {
			if why == "" {
				t.Fatal("unknown without a reason")
			}
			return
		}
		if why != "" || len(ids) == 0 || !slices.IsSorted(ids) {
			t.Fatalf("classify = %v, %q", ids, why)
		}
		for _, id := range ids {
			if _, ok := allowed[id]; !ok {
				t.Fatalf("classify = %v: %s is not a licence it knows", ids, id)
			}
		}
	})
}
