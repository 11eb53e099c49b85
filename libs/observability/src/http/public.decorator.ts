import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'clearpath:public';

/**
 * Marks a controller or handler that needs no credentials (health probes, metrics scraping).
 *
 * It lives here rather than in `@clearpath/auth` because the health and metrics controllers are
 * declared here and auth depends on this lib, not the other way round; auth re-exports it.
 */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC_KEY, true);
