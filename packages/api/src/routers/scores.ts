import { cachedByVersion } from '@cchc/core/data-version';
import { heavyRead } from '@cchc/core/heavy-reads';
import {
  componentItems,
  getRun,
  listRuns,
  previewScheme,
  queueScoreRun,
  rankings,
  scorecard,
  ZRunCreate,
} from '@cchc/core/scores/runs';
import { listSchemes, saveScheme, ZSchemeBody, ZSchemeSave } from '@cchc/core/scores/schemes';
import { SCORE_COMPONENT_KEYS } from '@cchc/domain/scores/scheme';
import { z } from 'zod';
import { allow, router } from '../trpc';

/** Rankings and runs: the province's coordinators. Scheme: the Sở Nội vụ. Scorecards: everyone, agency-scoped to their own. */
const COORDINATORS = ['admin', 'home_affairs', 'working_group'] as const;
const ALL = ['admin', 'home_affairs', 'working_group', 'agency_head', 'agency_officer'] as const;
/** What a ranking and a scorecard read. */
const RANKING_TABLES = ['agency', 'score_scheme', 'score_run', 'score_result'] as const;

export const scoresRouter = router({
  schemes: allow(...ALL).query(({ ctx }) => listSchemes(ctx.db)),
  saveScheme: allow('admin', 'home_affairs')
    .input(ZSchemeSave)
    .mutation(({ ctx, input }) => saveScheme(ctx.db, ctx.actor, input)),
  previewScheme: allow('admin', 'home_affairs')
    .input(z.object({ runId: z.uuid(), scheme: ZSchemeBody }))
    .mutation(({ ctx, input }) => previewScheme(ctx.db, input.runId, input.scheme)),
  compute: allow('admin', 'home_affairs')
    .input(ZRunCreate)
    .mutation(({ ctx, input }) => queueScoreRun(ctx.db, ctx.actor, input)),
  runs: allow(...COORDINATORS).query(({ ctx }) => listRuns(ctx.db)),
  run: allow(...COORDINATORS)
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getRun(ctx.db, input.id)),
  rankings: allow(...COORDINATORS)
    .input(z.object({ runId: z.uuid(), compareRunId: z.uuid().nullish() }))
    // The same for every coordinator: computed once per version of the runs, results and agencies.
    .query(({ ctx, input }) =>
      cachedByVersion(ctx.db, RANKING_TABLES, `scores.rankings|${input.runId}|${input.compareRunId ?? ''}`, () =>
        heavyRead(() => rankings(ctx.db, input.runId, input.compareRunId)),
      ),
    ),
  scorecard: allow(...ALL)
    .input(z.object({ agencyId: z.uuid().nullish(), runId: z.uuid().nullish() }))
    // The landing page of every agency head: cached per version of the runs, results and agencies (the
    // agency tree decides who may see which card, so the viewer is part of the key).
    .query(({ ctx, input }) =>
      cachedByVersion(
        ctx.db,
        RANKING_TABLES,
        `scores.scorecard|${ctx.actor.role}|${ctx.actor.agencyId}|${input.agencyId ?? ''}|${input.runId ?? ''}`,
        () => scorecard(ctx.db, ctx.actor, input),
      ),
    ),
  componentItems: allow(...ALL)
    .input(z.object({ runId: z.uuid(), agencyId: z.uuid(), key: z.enum(SCORE_COMPONENT_KEYS) }))
    .query(({ ctx, input }) => componentItems(ctx.db, ctx.actor, input, ctx.clock)),
});
