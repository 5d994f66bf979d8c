import { Module } from '@nestjs/common';
import { TrytonModule } from '../pool/manifest';
import { ResetPasswordReport } from './reset-password.report';
import { loadDefaultAccess, loadUsers } from './data';
import { Group } from './group.model';
import { User } from './user.model';
import { UserApplication } from './user-application.model';

@TrytonModule({
  name: 'res',
  depends: ['ir'],
  models: [Group, User, UserApplication],
  data: [loadUsers, loadDefaultAccess],
})
@Module({ providers: [ResetPasswordReport] })
export class ResModule {}
