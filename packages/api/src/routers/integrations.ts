/** Machine access and publication (issue 19): API keys of other systems and what the public pages publish. */
import { issueApiKey, listApiKeys, revokeApiKey, ZApiKeyIssue } from '@cchc/core/integrations/api-keys';
import { answerChallenge, listChallenges, ZChallengeAnswer } from '@cchc/core/integrations/challenges';
import { publicationSettings, savePublicationSettings, ZPublicationSettings } from '@cchc/core/integrations/publication';
import { CHALLENGE_ANSWERERS, INTEGRATION_MANAGERS } from '@cchc/domain/roles';
import { z } from 'zod';
import { allow, router } from '../trpc';

const managers = allow(...INTEGRATION_MANAGERS);

export const integrationsRouter = router({
  apiKeys: managers.query(({ ctx }) => listApiKeys(ctx.db)),
  /** The key is in this answer and nowhere else, ever. */
  issueApiKey: managers.input(ZApiKeyIssue).mutation(({ ctx, input }) => issueApiKey(ctx.db, ctx.actor, input)),
  revokeApiKey: managers
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input.id)),
  /** Citizens' challenges to procedures under review: the reviewing agency's (its sub-agencies'), or all for coordinators. */
  challenges: allow(...CHALLENGE_ANSWERERS).query(({ ctx }) => listChallenges(ctx.db, ctx.actor, ctx.clock)),
  answerChallenge: allow(...CHALLENGE_ANSWERERS)
    .input(ZChallengeAnswer)
    .mutation(({ ctx, input }) => answerChallenge(ctx.db, ctx.actor, ctx.clock, input)),
  publication: managers.query(({ ctx }) => publicationSettings(ctx.db)),
  savePublication: managers.input(ZPublicationSettings).mutation(async ({ ctx, input }) => {
    await savePublicationSettings(ctx.db, ctx.actor, input);
    return { ok: true as const };
  }),
});
