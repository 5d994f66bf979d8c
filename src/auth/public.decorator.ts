import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tryton:public';

/** Marks a route (or controller) as reachable without a user-application key. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
