import { Module } from '@nestjs/common';
import { TrytonModule } from '../pool/manifest';
import { loadUsers } from './data';
import { Group } from './group.model';
import { User } from './user.model';

@TrytonModule({ name: 'res', depends: ['ir'], models: [Group, User], data: [loadUsers] })
@Module({})
export class ResModule {}
