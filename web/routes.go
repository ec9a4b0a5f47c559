package web

import "net/http"

// routes lists every route of the server.
func (s *Server) routes() {
	s.mux.Handle("GET /static/", staticFiles())
	s.mux.HandleFunc("GET /healthz", s.handleHealth)

	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /buyers/{id}", s.dash("overview", "overview.html"))
	s.mux.HandleFunc("GET /buyers/{id}/geography", s.dash("geography", "geography.html"))
	s.mux.HandleFunc("GET /buyers/{id}/business-types", s.dash("types", "types.html"))
	s.mux.HandleFunc("GET /buyers/{id}/sectors", s.dash("sectors", "sectors.html"))
	s.mux.HandleFunc("GET /buyers/{id}/lm3", s.dash("lm3", "lm3.html"))
	s.mux.HandleFunc("GET /buyers/{id}/categories", s.handleCategories)
	s.mux.HandleFunc("GET /buyers/{id}/review", s.handleReview)
	s.mux.HandleFunc("POST /buyers/{id}/categories/decide", s.handleDecide)
	s.mux.HandleFunc("GET /buyers/{id}/findings", s.handleFindings)
	s.mux.HandleFunc("GET /buyers/{id}/findings/{fid}", s.handleFinding)
	s.mux.HandleFunc("POST /buyers/{id}/findings/{fid}/decide", s.handleFindingDecide)
	s.mux.HandleFunc("GET /buyers/{id}/contracts", s.handleContracts)
	s.mux.HandleFunc("GET /buyers/{id}/tenders/{ocid}", s.handleTender)
	s.mux.HandleFunc("GET /buyers/{id}/coverage", s.handleCoverage)
	s.mux.HandleFunc("GET /buyers/{id}/report", s.dash("report", "report.html"))
	s.mux.HandleFunc("GET /buyers/{id}/report.pdf", s.handleReportPDF)
	s.mux.HandleFunc("GET /buyers/{id}/lines", s.handleLines)
	s.mux.HandleFunc("GET /buyers/{id}/suppliers", s.handleSuppliers)
	s.mux.HandleFunc("GET /buyers/{id}/suppliers/{sid}", s.handleSupplier)
	s.mux.HandleFunc("POST /buyers/{id}/payees/{pid}/override", s.handleOverride)
	s.mux.HandleFunc("GET /buyers/{id}/export/{file}", s.handleExport)
	s.mux.HandleFunc("GET /buyers/{id}/survey.xlsx", s.handleSurveyTemplate)

	s.mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.mux.HandleFunc("GET /api/v1/buyers", s.apiBuyers)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/analysis", s.apiAnalysis)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/indicators", s.apiAnalysis)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/lm3", s.apiLM3)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/cube", s.apiCube)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/review", s.apiReview)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/findings", s.apiFindings)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/contracts", s.apiContracts)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/years", s.apiYears)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/lines", s.apiLines)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/suppliers", s.apiSuppliers)

	// The climate footprint and the procurement strategy.
	s.mux.HandleFunc("GET /buyers/{id}/climate", s.handleClimate)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/co2e", s.apiCO2e)
	s.mux.HandleFunc("GET /buyers/{id}/strategy", s.handleStrategy)
	s.mux.HandleFunc("POST /buyers/{id}/strategy", s.handleStrategySet)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/strategy", s.apiStrategy)

	// The procurement plan, its public pipeline and its API.
	s.mux.HandleFunc("GET /buyers/{id}/plan", s.handlePlan)
	s.mux.HandleFunc("POST /buyers/{id}/plan", s.handlePlanBulk)
	s.mux.HandleFunc("POST /buyers/{id}/plan/generate", s.handlePlanGenerate)
	s.mux.HandleFunc("POST /buyers/{id}/plan/new", s.handlePlanNew)
	s.mux.HandleFunc("GET /buyers/{id}/plan/{item}", s.handlePlanItem)
	s.mux.HandleFunc("POST /buyers/{id}/plan/{item}", s.handlePlanEdit)
	s.mux.HandleFunc("POST /buyers/{id}/plan/{item}/split", s.handlePlanSplit)
	s.mux.HandleFunc("GET /public/{id}/pipeline", s.handlePipeline)
	s.mux.HandleFunc("GET /public/{id}/pipeline.atom", s.handlePipelineAtom)
	s.mux.HandleFunc("GET /public/{id}/plan.json", s.handlePipelineOCDS)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/plan", s.apiPlan)
	s.mux.HandleFunc("POST /api/v1/buyers/{id}/plan", s.apiPlanCreate)
	s.mux.HandleFunc("POST /api/v1/buyers/{id}/plan/generate", s.apiPlanAction("generate"))
	s.mux.HandleFunc("POST /api/v1/buyers/{id}/plan/publish", s.apiPlanAction("publish"))
	s.mux.HandleFunc("POST /api/v1/buyers/{id}/plan/merge", s.apiPlanAction("merge"))
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/plan/{item}", s.apiPlanItem)
	s.mux.HandleFunc("PATCH /api/v1/buyers/{id}/plan/{item}", s.apiPlanPatch)
	s.mux.HandleFunc("POST /api/v1/buyers/{id}/plan/{item}/split", s.apiPlanAction("split"))
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
