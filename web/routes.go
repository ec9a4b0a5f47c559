// SPDX-License-Identifier: EUPL-1.2

package web

import "net/http"

// routes lists every route of the server with who may use it (see
// access; the form-token check comes before, in guard). Every route is
// registered through handle, which needs a decision; the authorisation
// test requests each of them as every kind of visitor.
func (s *Server) routes() {
	s.handle("GET /static/", anyone, staticFiles().ServeHTTP)

	// Accounts.
	s.handle("GET /login", anyone, s.handleLoginForm)
	s.handle("POST /login", anyone, s.handleLogin)
	s.handle("POST /logout", anyone, s.handleLogout)

	// The innovation broker: challenges open to the market, suppliers'
	// registration and profiles, matches, questions and answers, contacts.
	s.handle("GET /challenges", anyone, s.handlePublicChallenges)
	s.handle("GET /api/v1/challenges", anyone, s.apiChallenges)
	s.handle("GET /public/{id}/challenges/{cid}", anyone, s.handlePublicChallenge)
	s.handle("POST /public/{id}/challenges/{cid}/interest", supplier, s.handleInterest)
	s.handle("POST /public/{id}/challenges/{cid}/questions", supplier, s.handleAsk)
	s.handle("POST /public/{id}/challenges/{cid}/join", signedIn, s.handleJoin)
	s.handle("POST /public/{id}/pipeline/{item}/interest", supplier, s.handlePlanInterest)
	s.handle("GET /register", anyone, s.handleRegisterForm)
	s.handle("POST /register", anyone, s.handleRegister)
	s.handle("GET /confirm", anyone, s.handleConfirm)
	s.handle("GET /supplier", supplier, s.handleSupplierHome)
	s.handle("POST /supplier", supplier, s.handleSupplierSave)
	s.handle("POST /supplier/invite", supplier, s.handleInviteColleague)
	s.handle("POST /supplier/alerts", supplier, s.handleAlertSave)
	s.handle("GET "+unsubscribePath, anyone, s.handleUnsubscribeForm)
	s.handleSigned("POST "+unsubscribePath, anyone, s.handleUnsubscribe)
	s.handle("GET /buyers/{id}/challenges", viewer, s.handleChallenges)
	s.handle("POST /buyers/{id}/challenges", analyst, s.handleChallengeNew)
	s.handle("GET /buyers/{id}/challenges/{cid}", viewer, s.handleChallenge)
	s.handle("POST /buyers/{id}/challenges/{cid}", analyst, s.handleChallengeEdit)
	s.handle("POST /buyers/{id}/challenges/{cid}/questions/{qid}/answer", analyst, s.handleAnswer)
	s.handle("GET /api/v1/buyers/{id}/challenges/{cid}/matches", viewer, s.apiMatches("challenge"))
	s.handle("GET /api/v1/buyers/{id}/plan/{item}/matches", viewer, s.apiMatches("plan_item"))
	s.handle("GET /buyers/{id}/contacts", viewer, s.handleContacts)
	s.handle("POST /buyers/{id}/challenges/{cid}/files", analyst, s.handleFileUpload)
	s.handle("POST /buyers/{id}/challenges/{cid}/files/{name}/delete", analyst, s.handleFileDelete)
	s.handle("GET /public/{id}/challenges/{cid}/files/{name}", anyone, s.handleFile)
	s.handle("POST /buyers/{id}/challenges/{cid}/events", analyst, s.handleEventNew)
	s.handle("POST /public/{id}/events/{eid}/register", supplier, s.handleEventRegister)
	s.handle("GET /buyers/{id}/challenges/{cid}/engagement", viewer, s.handleEngagement)
	s.handle("GET /buyers/{id}/joint", viewer, s.handleJoint)
	s.handle("POST /buyers/{id}/joint/invite", analyst, s.handleJointInvite)
	s.handle("GET /broker", anyone, s.handleMonitor)
	s.handle("GET /api/v1/broker", anyone, s.apiMonitor)
	s.handle("GET /glossary", anyone, s.handleGlossary)
	s.handle("GET /for-suppliers", anyone, s.handleForSuppliers)
	s.handle("GET /healthz", anyone, s.handleHealth)
	s.handle("GET /readyz", anyone, s.handleReady)
	s.handle("GET /api/v1/buyers/{id}/audit", admin, s.apiAudit)
	// A buyer's people and its audit log for its admins (people.go), and
	// the invitation's link that sets an invited person's password.
	s.handle("GET /buyers/{id}/people", admin, s.handlePeople)
	s.handle("POST /buyers/{id}/people", admin, s.handleInvite)
	s.handle("POST /buyers/{id}/people/{uid}/role", admin, s.handleRole)
	s.handle("POST /buyers/{id}/people/{uid}/tokens", admin, s.handleTokens)
	s.handle("GET /buyers/{id}/audit", admin, s.handleAuditPage)
	// The installation's administration (admin.go).
	s.handle("GET /admin", installation, s.handleAdmin)
	s.handle("POST /admin/buyers", installation, s.handleAddBuyer)
	s.handle("POST /admin/buyers/{id}/admins", installation, s.handleInviteAdmin)
	s.handleTokenFirst("POST /admin/imports", installation, s.handleRefUpload)
	s.handle("GET /admin/jobs/{job}", installation, s.handleAdminJob)
	s.handle("GET /invite", anyone, s.handleInviteForm)
	s.handle("POST /invite", anyone, s.handleAcceptInvite)
	s.handle("POST /buyers/{id}/publish", admin, s.handlePublish)

	// The legal handbook: public guidance, linked from findings and plans.
	s.handle("GET /handbook", anyone, s.handleHandbook)
	s.handle("GET /handbook/{slug}", anyone, s.handleHandbookPage)
	s.handle("GET /api/v1/handbook", anyone, s.apiHandbook)
	s.handle("GET /api/v1/handbook/{slug}", anyone, s.apiHandbookPage)

	// Cities compared: only the buyers that publish (peers.Published).
	s.handle("GET /benchmarks", anyone, s.handleBenchmarks)
	s.handle("GET /api/v1/benchmarks", anyone, s.apiBenchmarks)

	s.handle("GET /{$}", anyone, s.handleHome)
	s.handle("GET /buyers/{id}", published, s.dash("overview", "overview.html"))
	s.handle("GET /buyers/{id}/geography", published, s.dash("geography", "geography.html"))
	s.handle("GET /buyers/{id}/business-types", published, s.dash("types", "types.html"))
	s.handle("GET /buyers/{id}/sectors", published, s.dash("sectors", "sectors.html"))
	s.handle("GET /buyers/{id}/lm3", published, s.dash("lm3", "lm3.html"))
	s.handle("GET /buyers/{id}/categories", published, s.handleCategories)
	s.handle("GET /buyers/{id}/review", viewer, s.handleReview)
	s.handle("POST /buyers/{id}/categories/decide", analyst, s.handleDecide)
	s.handle("GET /buyers/{id}/findings", viewer, s.handleFindings)
	s.handle("GET /buyers/{id}/findings/{fid}", viewer, s.handleFinding)
	s.handle("POST /buyers/{id}/findings/{fid}/decide", analyst, s.handleFindingDecide)
	s.handle("GET /buyers/{id}/contracts", viewer, s.handleContracts)
	s.handle("GET /buyers/{id}/tenders/{ocid}", viewer, s.handleTender)
	s.handle("GET /buyers/{id}/coverage", viewer, s.handleCoverage)
	s.handle("GET /buyers/{id}/report", published, s.handleReport)
	s.handle("GET /buyers/{id}/report.pdf", published, s.handleReportPDF)
	s.handle("GET /buyers/{id}/lines", viewer, s.handleLines)
	s.handle("GET /buyers/{id}/suppliers", viewer, s.handleSuppliers)
	s.handle("GET /buyers/{id}/suppliers/review", viewer, s.handlePayeeReview)
	s.handle("GET /buyers/{id}/suppliers/{sid}", viewer, s.handleSupplier)
	s.handle("POST /buyers/{id}/payees/{pid}/override", analyst, s.handleOverride)
	s.handle("POST /buyers/{id}/scope", analyst, s.handleScope)
	s.handle("GET /buyers/{id}/export/{file}", viewer, s.handleExport)
	s.handle("GET /buyers/{id}/figures/{file}", published, s.handleFigures)
	s.handle("GET /buyers/{id}/survey.xlsx", viewer, s.handleSurveyTemplate)

	// The history of a buyer's imports, their rejected rows, and undo.
	s.handle("GET /buyers/{id}/imports", viewer, s.handleImports)
	s.handle("GET /buyers/{id}/imports/{bid}/rejects.csv", viewer, s.handleRejects)
	s.handle("GET /buyers/{id}/imports/{bid}/undo", analyst, s.handleUndoConfirm)
	s.handle("POST /buyers/{id}/imports/{bid}/undo", analyst, s.handleUndo)
	// Uploads in the browser (upload.go): the form, its job, a dry run's
	// mapping confirmed. (The job's page is not under /imports/, where
	// /imports/jobs/{job} would clash with /imports/{bid}/undo.)
	s.handleTokenFirst("POST /buyers/{id}/imports", analyst, s.handleUpload)
	s.handle("GET /buyers/{id}/jobs/{job}", analyst, s.handleJob)
	s.handle("POST /buyers/{id}/jobs/{job}/confirm", analyst, s.handleConfirmMapping)
	s.handle("GET /api/v1/buyers/{id}/batches", viewer, s.apiBatches)
	s.handle("POST /api/v1/buyers/{id}/batches/{bid}/undo", analyst, s.apiUndo)

	s.handle("GET /api/v1/openapi.json", anyone, s.apiOpenAPI)
	s.handle("GET /api/v1/buyers", anyone, s.apiBuyers)
	s.handle("GET /api/v1/buyers/{id}/analysis", published, s.apiAnalysis)
	s.handle("GET /api/v1/buyers/{id}/indicators", published, s.apiAnalysis)
	s.handle("GET /api/v1/buyers/{id}/lm3", published, s.apiLM3)
	s.handle("GET /api/v1/buyers/{id}/cube", published, s.apiCube)
	s.handle("GET /api/v1/buyers/{id}/review", viewer, s.apiReview)
	s.handle("GET /api/v1/buyers/{id}/findings", viewer, s.apiFindings)
	s.handle("GET /api/v1/buyers/{id}/contracts", viewer, s.apiContracts)
	s.handle("GET /api/v1/buyers/{id}/years", published, s.apiYears)
	s.handle("GET /api/v1/buyers/{id}/lines", viewer, s.apiLines)
	s.handle("GET /api/v1/buyers/{id}/suppliers", viewer, s.apiSuppliers)

	// The climate footprint and the procurement strategy.
	s.handle("GET /buyers/{id}/climate", published, s.handleClimate)
	s.handle("GET /api/v1/buyers/{id}/co2e", published, s.apiCO2e)
	s.handle("GET /buyers/{id}/strategy", published, s.handleStrategy)
	s.handle("POST /buyers/{id}/strategy", analyst, s.handleStrategySet)
	s.handle("GET /api/v1/buyers/{id}/strategy", published, s.apiStrategy)

	// The procurement plan, its public pipeline and its API.
	s.handle("GET /buyers/{id}/plan", viewer, s.handlePlan)
	s.handle("POST /buyers/{id}/plan", analyst, s.handlePlanBulk)
	s.handle("POST /buyers/{id}/plan/generate", analyst, s.handlePlanGenerate)
	s.handle("POST /buyers/{id}/plan/new", analyst, s.handlePlanNew)
	s.handle("GET /buyers/{id}/plan/{item}", viewer, s.handlePlanItem)
	s.handle("POST /buyers/{id}/plan/{item}", analyst, s.handlePlanEdit)
	s.handle("POST /buyers/{id}/plan/{item}/split", analyst, s.handlePlanSplit)
	s.handle("GET /public/{id}/pipeline", anyone, s.handlePipeline)
	s.handle("GET /public/{id}/pipeline.atom", anyone, s.handlePipelineAtom)
	s.handle("GET /public/{id}/plan.json", anyone, s.handlePipelineOCDS)
	s.handle("GET /api/v1/buyers/{id}/plan", viewer, s.apiPlan)
	s.handle("POST /api/v1/buyers/{id}/plan", analyst, s.apiPlanCreate)
	s.handle("POST /api/v1/buyers/{id}/plan/generate", analyst, s.apiPlanAction("generate"))
	s.handle("POST /api/v1/buyers/{id}/plan/publish", analyst, s.apiPlanAction("publish"))
	s.handle("POST /api/v1/buyers/{id}/plan/merge", analyst, s.apiPlanAction("merge"))
	s.handle("GET /api/v1/buyers/{id}/plan/{item}", viewer, s.apiPlanItem)
	s.handle("PATCH /api/v1/buyers/{id}/plan/{item}", analyst, s.apiPlanPatch)
	s.handle("POST /api/v1/buyers/{id}/plan/{item}/split", analyst, s.apiPlanAction("split"))

	// One writer, many ways in: the CLI's commands run in the server
	// (each command authorised by its buyer and whether it writes, see
	// mayRun), imports as background jobs.
	s.handle("POST /api/v1/run", signedIn, s.apiRun)
	s.handle("POST /api/v1/buyers/{id}/imports", analyst, s.apiImport)
	s.handle("GET /api/v1/buyers/{id}/jobs", analyst, s.apiJobs)
	s.handle("GET /api/v1/buyers/{id}/jobs/{job}", analyst, s.apiJob)
	s.handle("GET /api/v1/buyers/{id}/jobs/{job}/rejects", analyst, s.apiJobRejects)
	s.handle("GET /api/v1/buyers/{id}/batches/{bid}/rejects", viewer, s.handleRejects)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
